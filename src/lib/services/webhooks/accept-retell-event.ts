import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import type { Queue } from "@/lib/integrations/queue/types";
import { retellToCallReport } from "@/lib/integrations/voice/retell/transform";
import {
  claimedRetellOrgId,
  matchRetellSignature,
  type RetellSigningKey,
} from "@/lib/integrations/voice/retell/verify-webhook";
import { retellWebhookSchema } from "@/lib/integrations/voice/retell/webhook-schema";
import { logger } from "@/lib/logger";
import { loadProviderCredentials } from "../credentials/provider-credentials";
import { recordCallReport } from "../dialer/record-call-report";
import { findCallForEvent, markWebhookEvent, storeWebhookEvent } from "./webhook-store";

/** The server's own keys a Retell-format request may be signed with. */
export type RetellServerKeys = { environmentKey?: string | undefined; simulatorKey: string };

/**
 * Which key signed a Retell webhook or custom-function request: the organization's own Retell key
 * (when the body's `call.metadata.org_id` names an organization that stored one), the
 * environment's key, or the simulator's. Throws `unauthorized` (401) before anything is written.
 */
export async function authenticateRetellRequest({
  db,
  rawBody,
  signature,
  keys,
}: {
  db: Database;
  rawBody: string;
  signature: string | null;
  keys: RetellServerKeys;
}): Promise<RetellSigningKey> {
  if (!signature) throw new AppError("unauthorized", "Missing x-retell-signature.");
  const candidates: RetellSigningKey[] = [];
  const orgId = claimedRetellOrgId(rawBody);
  if (orgId) {
    try {
      const creds = await loadProviderCredentials(db, orgId, "retell");
      if (creds?.source === "organization" && creds.webhookSecret) {
        candidates.push({ key: creds.webhookSecret, source: "organization", orgId });
      }
    } catch (error) {
      // A key that cannot be opened (no ENCRYPTION_KEY, rotated key) must not hide the others.
      logger.warn("retell: organization key unavailable for verification", {
        orgId,
        error: error instanceof Error ? error.message : "unknown",
      });
    }
  }
  if (keys.environmentKey) candidates.push({ key: keys.environmentKey, source: "environment" });
  candidates.push({ key: keys.simulatorKey, source: "simulator" });
  const matched = await matchRetellSignature(rawBody, signature, candidates);
  if (!matched) throw new AppError("unauthorized", "Invalid webhook signature.");
  return matched;
}

/** An organization's key speaks only for that organization's calls. */
export function assertKeyMayActFor(key: RetellSigningKey, call: { org_id: string } | null): void {
  if (key.source === "organization" && call && call.org_id !== key.orgId) {
    throw new AppError("unauthorized", "The signing key belongs to another organization.");
  }
}

export type AcceptRetellResult = {
  /** 500 when applying the event failed: Retell redelivers, and the redelivery applies it again. */
  status: 200 | 500;
  duplicate: boolean;
  eventId: number | null;
};

/** A stored event that was never applied successfully (it failed, or a crash cut it short). */
async function unfinishedEvent(db: Database, eventKey: string): Promise<number | null> {
  const [row] = await withService(
    async (tx) =>
      rowsOf<{ id: number }>(
        await tx.execute(sql`
          select id from public.webhook_events
          where provider = 'retell' and event_key = ${eventKey} and (processed_at is null or error is not null)`),
      ),
    db,
  );
  return row?.id ?? null;
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

/**
 * A Retell(-format) webhook: verify the signature over the raw body (401, nothing written), parse
 * (422), store once under `<call_id>:<event>`, apply it through the outcome service (idempotent)
 * and mark it processed or failed. A redelivery of an applied event is acknowledged and changes
 * nothing; a redelivery of one whose application failed is applied again. When applying fails the
 * answer is 500, so Retell retries (up to 3 times) while the stored row keeps the error.
 */
export async function acceptRetellEvent({
  db,
  rawBody,
  signature,
  keys,
  now,
  queue,
}: {
  db: Database;
  rawBody: string;
  signature: string | null;
  keys: RetellServerKeys;
  now: Date;
  queue: Queue;
}): Promise<AcceptRetellResult> {
  const key = await authenticateRetellRequest({ db, rawBody, signature, keys });
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("validation", "The body is not JSON.");
  }
  const parsed = retellWebhookSchema.safeParse(json);
  if (!parsed.success) throw new AppError("validation", "Not a Retell webhook body.");
  const payload = parsed.data;
  const simulated = payload.call.call_id.startsWith("sim_");
  const provider = simulated ? "simulator" : "retell";
  const report = retellToCallReport(payload, { provider, receivedAt: now });
  const call = await findCallForEvent(db, {
    callId: report?.callId ?? null,
    provider,
    providerCallId: payload.call.call_id,
  });
  assertKeyMayActFor(key, call);
  const eventKey = `${payload.call.call_id}:${payload.event}`;
  let stored = await storeWebhookEvent(db, {
    provider: "retell",
    eventKey,
    type: payload.event,
    orgId: call?.org_id ?? key.orgId ?? null,
    callId: call?.id ?? null,
    payload,
    now,
  });
  const duplicate = stored === null;
  if (stored === null) {
    stored = await unfinishedEvent(db, eventKey);
    if (stored === null) return { status: 200, duplicate: true, eventId: null };
  }

  let error: string | null = null;
  // Applied to the call found and authorized above, by its id; an event for a call we do not know
  // is stored only.
  if (report && call) {
    try {
      await recordCallReport({ db, report: { ...report, callId: call.id }, now, queue });
    } catch (e) {
      error = describeFailure(e);
      logger.error("retell webhook: applying the event failed", { eventId: stored, error });
    }
  }
  await markWebhookEvent(db, stored, now, error);
  return { status: error ? 500 : 200, duplicate, eventId: stored };
}
