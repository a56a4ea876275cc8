import { getDbHandle } from "@/lib/db";
import type { Database } from "@/lib/db/client";
import { getQueue } from "@/lib/integrations/queue";
import type { Job, Queue } from "@/lib/integrations/queue/types";
import { type DispatchResult, dispatchCall, type VoiceFor } from "../dialer/dispatch-call";
import { type Reconcile, runTick, type TickSummary } from "../dialer/run-tick";
import { type QueueFollowUpResult, queueFollowUp } from "../email/queue-follow-up";
import { type SendEmailResult, sendEmail } from "../email/send-email";
import { voiceForDb } from "../voice/voice-for";
import { applyWebhookEvent } from "../webhooks/apply-webhook-event";

export type HandleJobOptions = {
  job: Job;
  db?: Database;
  /** The job's clock: the caller reads it (a route, the ticker) or a test pins it. */
  now: Date;
  queue?: Queue;
  voiceFor?: VoiceFor;
  reconcile?: Reconcile;
};

/** Runs one queued job (the in-process queue's worker and the QStash route both call this). */
export async function handleJob(
  options: HandleJobOptions,
): Promise<
  DispatchResult | TickSummary | { applied: boolean } | QueueFollowUpResult | SendEmailResult | null
> {
  const { job } = options;
  const db = options.db ?? (await getDbHandle()).db;
  const { now } = options;
  const voiceFor = options.voiceFor ?? voiceForDb(db);
  switch (job.type) {
    case "dispatch-call":
      return dispatchCall({ db, callId: job.callId, now, voiceFor });
    case "tick":
      return runTick({
        db,
        now,
        voiceFor,
        queue: options.queue ?? getQueue(),
        campaignId: job.campaignId,
        reconcile: options.reconcile,
      });
    case "apply-webhook-event":
      return applyWebhookEvent({ db, eventId: job.eventId, now, queue: options.queue ?? getQueue() });
    case "follow-up-call":
      return queueFollowUp({ db, callId: job.callId, now, queue: options.queue ?? getQueue() });
    case "send-email":
      return sendEmail({ db, emailId: job.emailId, now });
    default: {
      const never: never = job;
      throw new Error(`Unknown job: ${JSON.stringify(never)}`);
    }
  }
}
