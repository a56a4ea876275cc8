import type { Database } from "@/lib/db/client";
import {
  getWebhookEvent,
  lockWebhookEvent,
  markWebhookEventFailed,
  markWebhookEventProcessed,
} from "@/lib/db/queries/webhook-events";
import { withService } from "@/lib/db/with-user";
import { PermanentJobError, type Queue } from "@/lib/integrations/queue/types";
import { CALL_EVENT_PROVIDERS, reportOfStoredEvent } from "@/lib/integrations/voice/inbound";
import { logger } from "@/lib/logger";
import { applyStoredCalcomEvent } from "../calendar/accept-calcom-event";
import { type AppliedCallReport, applyCallReport, queueAfterReport } from "../dialer/record-call-report";
import { describeFailure, markWebhookEvent } from "./webhook-store";

/**
 * The `apply-webhook-event` job: applies a stored event. Call events (Retell, Vapi) are stored by
 * their webhook route and applied here, never on the request's path; a Cal.com event comes here
 * only when its first application failed. Exactly once: the event's row is locked while it is
 * applied and marked in the same transaction, so a second delivery of the job (QStash's at-least-
 * once, a redelivery's re-queue, the tick's sweep) waits and then finds it applied. In any order:
 * the outcome service never lets an earlier event undo a later one. Failing: the row keeps the
 * error and the job throws, so the queue retries with backoff. The refill tick and the follow-up
 * email are queued once the application has committed.
 */
export async function applyWebhookEvent({
  db,
  eventId,
  now,
  queue,
}: {
  db: Database;
  eventId: number;
  now: Date;
  queue: Queue;
}): Promise<{ applied: boolean }> {
  let outcome: { applied: boolean; after?: AppliedCallReport | null } | "calcom";
  try {
    outcome = await withService(async (tx) => {
      const event = await lockWebhookEvent(tx, { id: eventId });
      if (!event) throw new PermanentJobError(`No webhook event ${eventId}.`);
      if (event.processedAt && !event.error) return { applied: false };
      if (event.provider === "calcom") return "calcom" as const;
      const provider = CALL_EVENT_PROVIDERS.find((p) => p === event.provider);
      if (!provider) throw new PermanentJobError(`No call report in ${event.provider} events.`);
      // Read as of its delivery, as the route would have read it.
      const report = reportOfStoredEvent(provider, event.payload, event.receivedAt);
      // The event was authorized for this call when it was stored; it is applied to that call only.
      const after =
        report && event.callId
          ? await applyCallReport(tx, { report: { ...report, callId: event.callId }, now })
          : null;
      await markWebhookEventProcessed(tx, { id: event.id, now, error: null });
      return { applied: true, after };
    }, db);
  } catch (e) {
    if (e instanceof PermanentJobError) throw e;
    const error = describeFailure(e);
    await withService((tx) => markWebhookEventFailed(tx, { id: eventId, now, error }), db);
    logger.error("webhook: applying the event failed; the queue retries it", { eventId, error });
    throw new Error(`Webhook event ${eventId} failed to apply: ${error}`);
  }
  if (outcome === "calcom") return reapplyCalcom(db, eventId, now);
  if (outcome.after) await queueAfterReport(queue, outcome.after);
  return { applied: outcome.applied };
}

/** A Cal.com booking event: applied to the organization it was verified for (no call report). */
async function reapplyCalcom(db: Database, eventId: number, now: Date): Promise<{ applied: boolean }> {
  const event = await withService((tx) => getWebhookEvent(tx, { id: eventId }), db);
  if (!event?.orgId) throw new PermanentJobError(`Cal.com event ${eventId} names no organization.`);
  try {
    await applyStoredCalcomEvent({ db, orgId: event.orgId, payload: event.payload, now });
  } catch (e) {
    const error = describeFailure(e);
    await markWebhookEvent(db, event.id, now, error);
    throw new Error(`Webhook event ${event.id} failed again: ${error}`);
  }
  await markWebhookEvent(db, event.id, now, null);
  return { applied: true };
}
