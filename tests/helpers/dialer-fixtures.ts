import { randomInt } from "node:crypto";
import type { DbHandle } from "@/lib/db/client";
import type { Job, Queue } from "@/lib/integrations/queue/types";

/** A campaign (active, every day 08:00-21:00 unless overridden) straight through SQL. */
export async function insertCampaign(
  handle: DbHandle,
  orgId: string,
  options: {
    maxAttempts?: number;
    maxAttemptsPerDay?: number;
    breakerWindow?: number;
    retryPolicy?: object;
  } = {},
): Promise<string> {
  const [row] = await handle.query<{ id: string }>(
    `insert into public.campaigns (org_id, name, status, default_timezone, calling_days, calling_start_minute,
       calling_end_minute, max_attempts, max_attempts_per_day, breaker_window, retry_policy)
     values ($1, 'Dialer test', 'active', 'America/New_York', '{0,1,2,3,4,5,6}', 480, 1260, $2, $3, $4, $5::jsonb)
     returning id`,
    [
      orgId,
      options.maxAttempts ?? 3,
      options.maxAttemptsPerDay ?? 10,
      options.breakerWindow ?? 10,
      JSON.stringify(options.retryPolicy ?? {}),
    ],
  );
  if (!row) throw new Error("campaign insert returned nothing");
  return row.id;
}

export function testPhone(): string {
  return `+1555${String(randomInt(0, 10_000_000)).padStart(7, "0")}`;
}

/**
 * A lead already claimed and its call row (as the claim + dispatch would leave them): lead
 * `calling` with `attempts`, call `dialing` on the simulator account, deadline in the future.
 */
export async function insertClaimedCall(
  handle: DbHandle,
  {
    orgId,
    campaignId,
    attempts = 1,
    providerCallId = null,
    status = "dialing",
    now = new Date(),
    timezone = "America/New_York",
    deadlineAt,
  }: {
    orgId: string;
    campaignId: string;
    attempts?: number;
    providerCallId?: string | null;
    status?: "queued" | "dialing" | "live";
    now?: Date;
    timezone?: string;
    deadlineAt?: Date;
  },
): Promise<{ callId: string; leadId: string; phone: string }> {
  const phone = testPhone();
  const [lead] = await handle.query<{ id: string }>(
    `insert into public.leads (org_id, campaign_id, phone, timezone, timezone_source, status, attempts, last_called_at)
     values ($1, $2, $3, $4, 'column', $5, $6, $7) returning id`,
    [
      orgId,
      campaignId,
      phone,
      timezone,
      status === "queued" ? "queued" : "calling",
      attempts,
      now.toISOString(),
    ],
  );
  if (!lead) throw new Error("lead insert returned nothing");
  const [call] = await handle.query<{ id: string }>(
    `insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider, provider_account,
       provider_call_id, to_number, queued_at, dispatched_at, deadline_at)
     values ($1, $2, $3, $4, $5, 'simulator', 'simulator:local', $6, $7, $8, $9, $10) returning id`,
    [
      orgId,
      campaignId,
      lead.id,
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
  return { callId: call.id, leadId: lead.id, phone };
}

/** A queue that only records what was enqueued. */
export function recordingQueue(): Queue & { jobs: { job: Job; dedupeId?: string }[] } {
  const jobs: { job: Job; dedupeId?: string }[] = [];
  return {
    name: "in-process",
    jobs,
    async enqueue(job, options) {
      jobs.push({ job, dedupeId: options?.dedupeId });
    },
  };
}
