import type { DbHandle } from "@/lib/db/client";

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
};

export async function insertCampaign(
  handle: DbHandle,
  orgId: string,
  s: CampaignSettings = {},
): Promise<string> {
  const [row] = await handle.query<{ id: string }>(
    `insert into public.campaigns (org_id, name, status, default_timezone, voice_provider, calling_days,
       calling_start_minute, calling_end_minute, max_attempts, max_attempts_per_day, max_concurrent_calls,
       daily_call_cap, spend_cap_cents, require_consent, caller_id, agent_id)
     values ($1, 'Dialer test', $2, $3, $4, $5::int[], $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning id`,
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
       attempts, next_attempt_at, consent, first_name, custom_fields, next_call_context)
     values ($1, $2, $3, $4, 'column', $5::text[], $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb) returning id`,
    [
      orgId,
      campaignId,
      s.phone ?? nextPhone(),
      s.timezone ?? "America/New_York",
      s.timezoneCandidates ? `{${s.timezoneCandidates.join(",")}}` : null,
      s.status ?? "pending",
      s.attempts ?? 0,
      s.nextAttemptAt ? s.nextAttemptAt.toISOString() : null,
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
