import { createHash } from "node:crypto";
import type { Database, Tx } from "@/lib/db/client";
import { findCallByRef } from "@/lib/db/queries/calls";
import {
  findUnfinishedWebhookEvent,
  getWebhookEventState,
  insertWebhookEvent,
  markWebhookEventProcessed,
} from "@/lib/db/queries/webhook-events";
import { withService } from "@/lib/db/with-user";
import { type AppError, isAppError } from "@/lib/errors";
import type { Queue } from "@/lib/integrations/queue/types";
import { logger } from "@/lib/logger";

/*
 * The webhook event store every provider's route shares: each accepted event is stored once,
 * keyed by (provider, event key), before it is applied; a redelivery finds the row and is
 * acknowledged without being applied again. The outcome of applying it is written back.
 */

/**
 * Whose credential vouched for an event: an organization's own key or secret, or the deployment's
 * (environment, simulator). Event keys are unique within a scope only, so a tenant's key can never
 * claim another tenant's event key first and make the genuine delivery look like a duplicate.
 */
export function eventScope(source: string, orgId?: string | null): string {
  return source === "organization" && orgId ? `org:${orgId}` : source;
}

export type StoredEventInput = {
  provider: "retell" | "vapi" | "calcom" | "resend";
  /** Unique per provider for one event within its scope, e.g. `environment:<call id>:call_ended`. */
  eventKey: string;
  type: string;
  orgId: string | null;
  callId: string | null;
  payload: unknown;
  now: Date;
};

/** Our call (id and organization) for a provider call, by our id from metadata or by the provider's id. */
export async function findCallForEvent(
  db: Database,
  ref: { callId: string | null; provider: string; providerCallId: string },
): Promise<{ id: string; org_id: string } | null> {
  return withService((tx) => readCallForEvent(tx, ref), db);
}

type EventCallRef = { callId: string | null; provider: string; providerCallId: string };

/** The event's reference to its call, with our call id only when it is one (the body is the provider's). */
export function eventCallRef(ref: EventCallRef): EventCallRef {
  return { ...ref, callId: ref.callId && /^[0-9a-f-]{36}$/i.test(ref.callId) ? ref.callId : null };
}

/** `findCallForEvent` inside the caller's service-role transaction. */
export async function readCallForEvent(
  tx: Tx,
  ref: EventCallRef,
): Promise<{ id: string; org_id: string } | null> {
  const call = await findCallByRef(tx, eventCallRef(ref));
  return call && { id: call.id, org_id: call.orgId };
}

/** Stores the event; returns its id, or null when it was already stored (a duplicate delivery). */
export async function storeWebhookEvent(db: Database, e: StoredEventInput): Promise<number | null> {
  return withService((tx) => insertWebhookEvent(tx, { ...e, receivedAt: e.now }), db);
}

/** Records that an event was applied (error null) or why applying it failed. */
export async function markWebhookEvent(
  db: Database,
  id: number,
  now: Date,
  error: string | null,
): Promise<void> {
  await withService((tx) => markWebhookEventProcessed(tx, { id, now, error }), db);
}

/**
 * Why applying failed, for the event row and the log: the database's own message, never the failed
 * query's parameters (they carry transcripts and phone numbers).
 */
export function describeFailure(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : null;
  const message = cause?.message ?? (e instanceof Error ? e.message : String(e));
  return message.split("\nparams:")[0]!.slice(0, 500);
}

export type IngestResult = { status: 200 | 500; duplicate: boolean; eventId: number | null };

/**
 * Stores an event once and applies it. A redelivery of an applied event changes nothing; a
 * redelivery of one whose application failed is applied again. When applying fails the row keeps
 * the error, the answer is 500 (providers that retry, retry), and an `apply-webhook-event` job is
 * queued with retries, so an event is applied even from a provider that never redelivers (Vapi).
 */
export async function ingestWebhookEvent(
  db: Database,
  event: StoredEventInput,
  apply: () => Promise<unknown>,
  queue: Queue,
): Promise<IngestResult> {
  let stored = await storeWebhookEvent(db, event);
  const duplicate = stored === null;
  if (stored === null) {
    stored = await withService((tx) => findUnfinishedWebhookEvent(tx, event), db);
    if (stored === null) return { status: 200, duplicate: true, eventId: null };
  }
  let error: string | null = null;
  try {
    await apply();
  } catch (e) {
    error = describeFailure(e);
    logger.error("webhook: applying the event failed; queued to apply again", {
      provider: event.provider,
      eventId: stored,
      error,
    });
  }
  await markWebhookEvent(db, stored, event.now, error);
  if (error) {
    await queue
      .enqueue(
        { type: "apply-webhook-event", eventId: stored },
        { dedupeId: `apply-event:${stored}`, delaySeconds: 30 },
      )
      .catch((e: Error) =>
        logger.error("webhook: queueing the re-apply failed", { eventId: stored, error: e.message }),
      );
  }
  return { status: error ? 500 : 200, duplicate, eventId: stored };
}

type RejectContext = {
  provider: StoredEventInput["provider"];
  scope: string;
  rawBody: string;
  orgId: string | null;
  now: Date;
};

/**
 * Reads a verified body with `read`; when the body is not a valid event of its provider (a 422),
 * it is first stored for inspection, once per body (`rejected:<sha256>`), marked with why, so a
 * provider's malformed delivery can be looked at instead of vanishing after its retries.
 */
export async function readOrKeepRejected<T>(db: Database, context: RejectContext, read: () => T): Promise<T> {
  const result = await withService((tx) => readOrKeepRejectedIn(tx, context, read), db);
  if ("rejected" in result) throw result.rejected;
  return result.value;
}

/**
 * `readOrKeepRejected` inside the caller's transaction. A refusal is returned, not thrown, so the
 * transaction commits the kept body: the caller throws it once it has.
 */
export async function readOrKeepRejectedIn<T>(
  tx: Tx,
  context: RejectContext,
  read: () => T,
): Promise<{ value: T } | { rejected: AppError }> {
  try {
    return { value: read() };
  } catch (error) {
    if (!isAppError(error) || error.code !== "validation") throw error;
    const { provider, scope, rawBody, orgId, now } = context;
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody);
    } catch {
      payload = { unparsed: rawBody.slice(0, 10_000) };
    }
    const id = await insertWebhookEvent(tx, {
      provider,
      eventKey: `${scope}:rejected:${createHash("sha256").update(rawBody).digest("hex")}`,
      type: "rejected",
      orgId,
      callId: null,
      payload,
      receivedAt: now,
      processedAt: now,
      error: error.message,
    });
    logger.warn("webhook: a verified body was refused and kept for inspection", { provider, eventId: id });
    return { rejected: error };
  }
}

/** What storing a call event decided: its id, and whether its apply job is to be queued. */
export type StoredCallEvent = {
  eventId: number | null;
  duplicate: boolean;
  /** `first`: a new event to apply; `again`: a redelivery of one whose application failed. */
  apply: "first" | "again" | null;
};

/**
 * Stores a call event (Retell, Vapi) inside the delivery's one transaction, unapplied when there
 * is something to apply (`applicable`: a report for a call of ours), else as processed. A
 * redelivery finds the stored row: of an applied or still queued event it is a plain duplicate
 * (nothing queued); of one whose application failed, it is queued to apply again.
 */
export async function storeCallEvent(
  tx: Tx,
  event: StoredEventInput & { applicable: boolean },
): Promise<StoredCallEvent> {
  const { applicable, now, ...row } = event;
  const id = await insertWebhookEvent(tx, {
    ...row,
    receivedAt: now,
    processedAt: applicable ? null : now,
  });
  if (id !== null) return { eventId: id, duplicate: false, apply: applicable ? "first" : null };
  const stored = await getWebhookEventState(tx, event);
  const failed = stored !== null && stored.error !== null;
  return { eventId: stored?.id ?? null, duplicate: true, apply: failed ? "again" : null };
}

/**
 * Queues a stored call event's `apply-webhook-event` job, after the delivery's transaction has
 * committed. The first job's dedupe id is the event's (QStash delivers it once); a redelivery of a
 * failed event queues another. A queue that refuses is logged, not answered with an error: the
 * event is stored, and the tick's sweep (`sweepUnappliedEvents`) queues it again.
 */
export async function queueEventApply(
  queue: Queue,
  stored: StoredCallEvent,
  provider: string,
): Promise<void> {
  if (stored.eventId === null || !stored.apply) return;
  const job = { type: "apply-webhook-event", eventId: stored.eventId } as const;
  try {
    await queue.enqueue(job, stored.apply === "first" ? { dedupeId: `apply-event:${stored.eventId}` } : {});
  } catch (error) {
    logger.error("webhook: queueing the event's application failed; the tick's sweep queues it", {
      provider,
      eventId: stored.eventId,
      error: error instanceof Error ? error.message : "unknown",
    });
  }
}
