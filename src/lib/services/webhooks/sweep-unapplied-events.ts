import type { Database } from "@/lib/db/client";
import { listUnappliedWebhookEvents } from "@/lib/db/queries/webhook-events";
import { withService } from "@/lib/db/with-user";
import type { Queue } from "@/lib/integrations/queue/types";
import { CALL_EVENT_PROVIDERS } from "@/lib/integrations/voice/inbound";

/**
 * How long a stored call event may wait for its apply job before the sweep queues another. Jobs
 * normally run within seconds; a second job for an event still queued is harmless (the job applies
 * an event once), so this only keeps the sweep from doubling every job in a backlog.
 */
export const UNAPPLIED_GRACE_MS = 2 * 60_000;

/** Events queued again per tick at most: a long outage's backlog drains over a few ticks. */
export const SWEEP_BATCH = 200;

/**
 * The tick's sweep for call events stored but never applied: the webhook route commits the event
 * and then queues its `apply-webhook-event` job, and that job can be lost (QStash refused the
 * publish, the in-process queue's process stopped). Each such event older than the grace is
 * queued again; applying it is exactly-once, so a job that was only slow costs nothing.
 */
export async function sweepUnappliedEvents({
  db,
  now,
  queue,
}: {
  db: Database;
  now: Date;
  queue: Queue;
}): Promise<{ queued: number }> {
  const ids = await withService(
    (tx) =>
      listUnappliedWebhookEvents(tx, {
        providers: CALL_EVENT_PROVIDERS,
        before: new Date(now.getTime() - UNAPPLIED_GRACE_MS),
        limit: SWEEP_BATCH,
      }),
    db,
  );
  for (const eventId of ids) {
    // Its own dedupe id per sweep: the first job's id may still be remembered by the queue.
    await queue.enqueue(
      { type: "apply-webhook-event", eventId },
      { dedupeId: `apply-event:${eventId}:sweep:${now.getTime()}` },
    );
  }
  return { queued: ids.length };
}
