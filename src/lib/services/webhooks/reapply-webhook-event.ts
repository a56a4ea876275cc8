import type { Database } from "@/lib/db/client";
import { getWebhookEvent, type StoredWebhookEvent } from "@/lib/db/queries/webhook-events";
import { withService } from "@/lib/db/with-user";
import { PermanentJobError, type Queue } from "@/lib/integrations/queue/types";
import { CALL_EVENT_PROVIDERS, reportOfStoredEvent } from "@/lib/integrations/voice/inbound";
import { applyStoredCalcomEvent } from "../calendar/accept-calcom-event";
import { recordCallReport } from "../dialer/record-call-report";
import { describeFailure, markWebhookEvent } from "./webhook-store";

/**
 * The `apply-webhook-event` job: applies a stored event whose first application failed (the
 * webhook route queued it). Already applied (by a redelivery meanwhile): nothing to do. Failing
 * again: the row keeps the new error and the job throws, so the queue retries with backoff.
 */
export async function reapplyWebhookEvent({
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
  const event = await withService((tx) => getWebhookEvent(tx, { id: eventId }), db);
  if (!event) throw new PermanentJobError(`No webhook event ${eventId}.`);
  if (event.processedAt && !event.error) return { applied: false };
  if (event.provider === "calcom") return reapplyCalcom(db, event, now);
  const provider = CALL_EVENT_PROVIDERS.find((p) => p === event.provider);
  if (!provider) throw new PermanentJobError(`No call report in ${event.provider} events.`);
  const report = reportOfStoredEvent(provider, event.payload, now);
  try {
    // The event was authorized for this call when it was stored; it is applied to that call only.
    if (report && event.callId) {
      await recordCallReport({ db, report: { ...report, callId: event.callId }, now, queue });
    }
  } catch (e) {
    const error = describeFailure(e);
    await markWebhookEvent(db, event.id, now, error);
    throw new Error(`Webhook event ${eventId} failed again: ${error}`);
  }
  await markWebhookEvent(db, event.id, now, null);
  return { applied: true };
}

/** A Cal.com booking event: applied to the organization it was verified for (no call report). */
async function reapplyCalcom(
  db: Database,
  event: StoredWebhookEvent,
  now: Date,
): Promise<{ applied: boolean }> {
  if (!event.orgId) throw new PermanentJobError(`Cal.com event ${event.id} names no organization.`);
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
