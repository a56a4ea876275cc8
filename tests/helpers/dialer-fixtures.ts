import type { Database, DbHandle } from "@/lib/db/client";
import type { EnqueueOptions, Job, Queue } from "@/lib/integrations/queue/types";
import { handleJob } from "@/lib/services/jobs/handle-job";

/** Dialer test data, written through the owner connection (the services under test run as the service role). */

export type CampaignSettings = {
  status?: string;
  defaultTimezone?: string;
  voiceProvider?: "simulator" | "retell" | "vapi";
  callingDays?: number[];
  callingStartMinute?: number;
  callingEndMinute?: number;
  maxAttempts?: number;
  maxAttemptsPerDay?: number;
  maxConcurrentCalls?: number;
  dailyCallCap?: number | null;
  spendCapCents?: number | null;
  requireConsent?: boolean;
  callerId?: string | null;
  agentId?: string | null;
  breakerWindow?: number;
  retryPolicy?: object;
};

/** A campaign (active, every day 08:00-21:00 New York unless overridden). */
export async function insertCampaign(
  handle: DbHandle,
  orgId: string,
  s: CampaignSettings = {},
): Promise<string> {
  const [row] = await handle.query<{ id: string }>(
    `insert into public.campaigns (org_id, name, status, default_timezone, voice_provider, calling_days,
       calling_start_minute, calling_end_minute, max_attempts, max_attempts_per_day, max_concurrent_calls,
       daily_call_cap, spend_cap_cents, require_consent, caller_id, agent_id, breaker_window, retry_policy)
     values ($1, 'Dialer test', $2, $3, $4, $5::int[], $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::jsonb)
     returning id`,
    [
      orgId,
      s.status ?? "active",
      s.defaultTimezone ?? "America/New_York",
      s.voiceProvider ?? "simulator",
      `{${(s.callingDays ?? [0, 1, 2, 3, 4, 5, 6]).join(",")}}`,
      s.callingStartMinute ?? 480,
      s.callingEndMinute ?? 1260,
      s.maxAttempts ?? 3,
      s.maxAttemptsPerDay ?? 2,
      s.maxConcurrentCalls ?? 50,
      s.dailyCallCap ?? null,
      s.spendCapCents ?? null,
      s.requireConsent ?? false,
      s.callerId ?? "+12125550100",
      s.agentId ?? null,
      s.breakerWindow ?? 10,
      JSON.stringify(s.retryPolicy ?? {}),
    ],
  );
  if (!row) throw new Error("campaign insert returned nothing");
  return row.id;
}

export type LeadSettings = {
  phone?: string;
  timezone?: string;
  timezoneCandidates?: string[] | null;
  status?: string;
  attempts?: number;
  nextAttemptAt?: Date | null;
  lastCalledAt?: Date | null;
  consent?: boolean | null;
  firstName?: string;
  customFields?: Record<string, string>;
  nextCallContext?: Record<string, string> | null;
};

let phoneSeq = 0;
/** A distinct valid-looking US number per call. */
export function nextPhone(): string {
  phoneSeq += 1;
  return `+1646${String(3_000_000 + phoneSeq)}`;
}

export async function insertLead(
  handle: DbHandle,
  orgId: string,
  campaignId: string,
  s: LeadSettings = {},
): Promise<string> {
  const [row] = await handle.query<{ id: string }>(
    `insert into public.leads (org_id, campaign_id, phone, timezone, timezone_source, timezone_candidates, status,
       attempts, next_attempt_at, last_called_at, consent, first_name, custom_fields, next_call_context)
     values ($1, $2, $3, $4, 'column', $5::text[], $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb) returning id`,
    [
      orgId,
      campaignId,
      s.phone ?? nextPhone(),
      s.timezone ?? "America/New_York",
      s.timezoneCandidates ? `{${s.timezoneCandidates.join(",")}}` : null,
      s.status ?? "pending",
      s.attempts ?? 0,
      s.nextAttemptAt ? s.nextAttemptAt.toISOString() : null,
      s.lastCalledAt ? s.lastCalledAt.toISOString() : null,
      s.consent ?? null,
      s.firstName ?? "Ada",
      JSON.stringify(s.customFields ?? {}),
      s.nextCallContext ? JSON.stringify(s.nextCallContext) : null,
    ],
  );
  if (!row) throw new Error("lead insert returned nothing");
  return row.id;
}

/** A past call of a lead (ended unless said otherwise), for caps and the 24-hour limit. */
export async function insertCall(
  handle: DbHandle,
  c: {
    orgId: string;
    campaignId: string;
    leadId: string;
    attemptNo: number;
    createdAt: Date;
    status?: string;
    account?: string;
    costCents?: number | null;
  },
): Promise<string> {
  const [row] = await handle.query<{ id: string }>(
    `insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider, provider_account,
       to_number, deadline_at, created_at, cost_cents)
     values ($1, $2, $3, $4, $5, 'simulator', $6, '+12125550199', $7, $7, $8) returning id`,
    [
      c.orgId,
      c.campaignId,
      c.leadId,
      c.attemptNo,
      c.status ?? "ended",
      c.account ?? "simulator:test",
      c.createdAt.toISOString(),
      c.costCents ?? null,
    ],
  );
  if (!row) throw new Error("call insert returned nothing");
  return row.id;
}

/**
 * A lead already claimed and its call row (as the claim + dispatch would leave them): lead
 * `calling` (`queued` for a queued call) with `attempts`, call on the simulator account,
 * deadline 75 minutes after `now` unless given.
 */
export async function insertClaimedCall(
  handle: DbHandle,
  {
    orgId,
    campaignId,
    attempts = 1,
    providerCallId = null,
    status = "dialing",
    now,
    timezone = "America/New_York",
    deadlineAt,
  }: {
    orgId: string;
    campaignId: string;
    attempts?: number;
    providerCallId?: string | null;
    status?: "queued" | "dialing" | "live";
    /** When it was claimed and dispatched: the test's clock. */
    now: Date;
    timezone?: string;
    deadlineAt?: Date;
  },
): Promise<{ callId: string; leadId: string; phone: string }> {
  const phone = nextPhone();
  const leadId = await insertLead(handle, orgId, campaignId, {
    phone,
    timezone,
    status: status === "queued" ? "queued" : "calling",
    attempts,
    lastCalledAt: now,
  });
  const [call] = await handle.query<{ id: string }>(
    `insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider, provider_account,
       provider_call_id, to_number, queued_at, dispatched_at, deadline_at)
     values ($1, $2, $3, $4, $5, 'simulator', 'simulator:local', $6, $7, $8, $9, $10) returning id`,
    [
      orgId,
      campaignId,
      leadId,
      attempts,
      status,
      providerCallId,
      phone,
      now.toISOString(),
      status === "queued" ? null : now.toISOString(),
      (deadlineAt ?? new Date(now.getTime() + 75 * 60_000)).toISOString(),
    ],
  );
  if (!call) throw new Error("call insert returned nothing");
  return { callId: call.id, leadId, phone };
}

/** A queue that only records what was enqueued, with its options. */
export function recordingQueue(): Queue & { jobs: { job: Job; options?: EnqueueOptions }[] } {
  const jobs: { job: Job; options?: EnqueueOptions }[] = [];
  return {
    name: "in-process",
    jobs,
    async enqueue(job, options) {
      jobs.push(options ? { job, options } : { job });
    },
  };
}

export type ApplyingQueue = ReturnType<typeof recordingQueue> & {
  /** The `apply-webhook-event` jobs enqueued and not yet run. */
  pending: Job[];
  /** Runs the pending apply jobs (and those they queue) to the end, in order; rethrows the first failure. */
  drain(): Promise<void>;
};

/**
 * A recording queue that also applies stored webhook events, when drained: the webhook routes
 * only store an event and queue its `apply-webhook-event` job, and a test awaits `drain()` where
 * it reads what the event changed, at a pinned clock. Other jobs (refill tick, follow-up) are only
 * recorded.
 */
export function applyingQueue(db: Database, now: Date): ApplyingQueue {
  const base = recordingQueue();
  const pending: Job[] = [];
  const queue: ApplyingQueue = {
    ...base,
    pending,
    async enqueue(job, options) {
      await base.enqueue(job, options);
      if (job.type === "apply-webhook-event") pending.push(job);
    },
    async drain() {
      for (let job = pending.shift(); job; job = pending.shift()) {
        await handleJob({ job, db, now, queue });
      }
    },
  };
  return queue;
}
