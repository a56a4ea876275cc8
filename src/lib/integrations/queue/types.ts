/** The queue port: QStash in production, an in-process queue locally, same semantics. */
export type Job =
  /** Place the provider call for a claimed call row. */
  | { type: "dispatch-call"; callId: string }
  /** Run the dialer tick, for one campaign (refill after a call ends) or for all. */
  | { type: "tick"; campaignId?: string }
  /** Apply a stored webhook event: every Retell/Vapi call event, a Cal.com one whose first application failed. */
  | { type: "apply-webhook-event"; eventId: number }
  /** Decide and queue the follow-up email an ended call earns (issue 6). */
  | { type: "follow-up-call"; callId: string }
  /** Send one written `emails` row (paced under Resend's rate limit by flow key `resend`). */
  | { type: "send-email"; emailId: string };

export type JobType = Job["type"];

export type EnqueueOptions = {
  /** Same id within the dedupe window: delivered once (QStash `deduplicationId`). */
  dedupeId?: string;
  delaySeconds?: number;
  /** Limits parallel deliveries sharing this key (QStash flow control), e.g. the provider account. */
  flowKey?: string;
  flowParallelism?: number;
  /** At most this many starts per second for the flow key (QStash `flowControl.rate`), e.g. Resend's 2/s. */
  flowRatePerSecond?: number;
};

export interface Queue {
  readonly name: "qstash" | "in-process";
  enqueue(job: Job, options?: EnqueueOptions): Promise<void>;
}

/**
 * Thrown by a job handler when retrying cannot help (the QStash route answers 489 with
 * `Upstash-NonRetryable-Error: true`; the in-process queue drops the job).
 */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}
