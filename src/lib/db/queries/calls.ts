import { and, eq, gte, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { CallOutcome, CallResult } from "@/lib/dialer/call-states";
import type { CallFilter } from "@/lib/schemas/call-filters";
import type { CappedCount } from "@/lib/schemas/list";
import { rowsOf, type Tx } from "../client";
import {
  callSearchDocument,
  calls,
  campaigns,
  dialableStatusList,
  leads,
  type organizations,
} from "../schema";
import { callReviewCondition } from "./call-reviews";
import { countCapped } from "./capped-count";
import { descNullsLast } from "./order";

/*
 * Calls: the dialer's claim and dispatch, the outcome service's writes, the in-call tools, and the
 * calls pages. The dialer and the webhooks run as the service role; a job or a provider event names
 * a call by id only, so the lookups that learn a call's organization take no `orgId`.
 *
 * Statements that filter on `status <> 'ended'` keep the literal: the calls_open_* partial indexes
 * apply only when the planner can see it (a parameter would hide it from a generic plan).
 */

export type Call = typeof calls.$inferSelect;
type Campaign = typeof campaigns.$inferSelect;
type Lead = typeof leads.$inferSelect;
type Organization = typeof organizations.$inferSelect;

/**
 * A provider event's call: by our id when the provider echoed it back, else by the provider's own
 * call id. `callId` must be one of ours (a uuid); callers check its shape first.
 */
type CallRef = { callId: string | null; provider: string; providerCallId: string | null };

// ---------------------------------------------------------------------------------------------
// The claim (one transaction per campaign; see services/dialer/claim-calls.ts)

/** Claims for one campaign take turns: false when another claim holds the campaign right now. */
export async function tryLockCampaignClaim(tx: Tx, { campaignId }: { campaignId: string }): Promise<boolean> {
  const [lock] = rowsOf<{ ok: boolean }>(
    await tx.execute(
      sql`select pg_try_advisory_xact_lock(hashtextextended(${`dialer:campaign:${campaignId}`}, 0)) as ok`,
    ),
  );
  return lock?.ok === true;
}

/** Waits for the provider account's other claims, so its concurrency cap holds across campaigns. */
export async function lockProviderAccount(tx: Tx, { accountKey }: { accountKey: string }): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`dialer:account:${accountKey}`}, 0))`);
}

type ClaimCapacity = Pick<
  Campaign,
  "orgId" | "voiceProvider" | "maxConcurrentCalls" | "dailyCallCap" | "spendCapCents"
> & {
  /** Calls of the campaign not ended yet. */
  campaignOpen: number;
  /** Calls of the provider account not ended yet, across campaigns. */
  accountOpen: number;
  /** Calls made today in the campaign's zone (0 without a daily cap). */
  today: number;
  /** What the campaign's calls cost so far, in cents (0 without a spend cap). */
  spent: number;
};

/** What limits an active campaign's claim now; undefined when the campaign is not active. */
export async function readClaimCapacity(
  tx: Tx,
  { campaignId, accountKey, now }: { campaignId: string; accountKey: string; now: Date },
): Promise<ClaimCapacity | undefined> {
  const at = now.toISOString();
  const [c] = rowsOf<ClaimCapacity>(
    await tx.execute(sql`
      select k.org_id as "orgId", k.voice_provider as "voiceProvider", k.max_concurrent_calls as "maxConcurrentCalls",
        k.daily_call_cap as "dailyCallCap", k.spend_cap_cents as "spendCapCents",
        (select count(*)::int from public.calls c
          where c.campaign_id = k.id and c.status <> 'ended') as "campaignOpen",
        (select count(*)::int from public.calls c
          where c.provider_account = ${accountKey} and c.status <> 'ended') as "accountOpen",
        case when k.daily_call_cap is null then 0 else
          (select count(*)::int from public.calls c
            where c.campaign_id = k.id
              and c.created_at >= date_trunc('day', ${at}::timestamptz at time zone k.default_timezone)
                                    at time zone k.default_timezone) end as today,
        case when k.spend_cap_cents is null then 0 else
          (select coalesce(sum(c.cost_cents), 0)::int from public.calls c
            where c.org_id = k.org_id and c.campaign_id = k.id) end as spent
      from public.campaigns k
      where k.id = ${campaignId} and k.status = 'active'
    `),
  );
  return c;
}

type ClaimedCallRow = { callId: Call["id"] } & Pick<Call, "orgId" | "leadId" | "provider">;

/**
 * The claim itself, one statement. The open zones come from a loose index scan over
 * leads_dial_queue_idx (one probe per distinct zone, not a scan of the campaign), then each open
 * zone's queue is walked in due order on the same index, locking with SKIP LOCKED. Everything
 * else that makes a lead callable is checked per row here, at claim time: status, due time,
 * attempts, 24-hour cap, consent, do-not-call and the calling window in every zone the lead may
 * be in. Leads in the trash are never claimed (the literal `deleted_at is null` is part of the
 * index's predicate). The claimed leads become `queued` and get their call rows, `queued` until
 * `deadline`.
 */
export async function insertClaimedCalls(
  tx: Tx,
  {
    campaignId,
    accountKey,
    now,
    free,
    queuedDeadline,
  }: {
    campaignId: string;
    accountKey: string;
    now: Date;
    /** At most this many. */
    free: number;
    /** A Postgres interval, e.g. `5 minutes`: the reconciler closes a call nobody dispatched by then. */
    queuedDeadline: string;
  },
): Promise<ClaimedCallRow[]> {
  const at = now.toISOString();
  return rowsOf<ClaimedCallRow>(
    await tx.execute(sql`
      with recursive camp as (
        select id, org_id, voice_provider, agent_id, caller_id, require_consent, max_attempts,
               max_attempts_per_day, calling_days, calling_start_minute, calling_end_minute
        from public.campaigns where id = ${campaignId} and status = 'active'
      ),
      zones as (
        (select l.timezone from public.leads l
          where l.campaign_id = ${campaignId} and l.status in (${dialableStatusList}) and l.deleted_at is null
          order by l.timezone limit 1)
        union all
        select (select l.timezone from public.leads l
                 where l.campaign_id = ${campaignId} and l.status in (${dialableStatusList})
                   and l.deleted_at is null and l.timezone > z.timezone
                 order by l.timezone limit 1)
        from zones z where z.timezone is not null
      ),
      open_zones as (
        select z.timezone from zones z cross join camp
        where z.timezone is not null
          and private.zone_in_calling_window(${at}::timestamptz, z.timezone, camp.calling_days,
                                             camp.calling_start_minute, camp.calling_end_minute)
      ),
      picked as (
        select q.* from open_zones z cross join camp
        cross join lateral (
          select l.id, l.org_id, l.phone, l.next_call_context, l.attempts,
                 coalesce(l.next_attempt_at, '-infinity'::timestamptz) as due,
                 l.created_at
          from public.leads l
          where l.campaign_id = ${campaignId} and l.timezone = z.timezone
            and l.status in (${dialableStatusList}) and l.deleted_at is null
            and coalesce(l.next_attempt_at, '-infinity'::timestamptz) <= ${at}::timestamptz
            and l.attempts < camp.max_attempts
            and (not camp.require_consent or l.consent is true)
            and not exists (
              select 1 from public.do_not_call d where d.org_id = camp.org_id and d.phone = l.phone)
            and (select count(*) from public.calls c
                  where c.lead_id = l.id and c.created_at > ${at}::timestamptz - interval '24 hours'
                    and c.created_at <= ${at}::timestamptz) < camp.max_attempts_per_day
            and private.lead_in_calling_window(${at}::timestamptz, l.timezone, l.timezone_candidates,
                  camp.calling_days, camp.calling_start_minute, camp.calling_end_minute)
          order by coalesce(l.next_attempt_at, '-infinity'::timestamptz)
          limit ${free}
          for update of l skip locked
        ) q
        order by q.due, q.created_at
        limit ${free}
      ),
      claimed as (
        update public.leads l
        set status = 'queued', attempts = l.attempts + 1, last_called_at = ${at}::timestamptz,
            next_attempt_at = null, next_call_context = null, updated_at = ${at}::timestamptz
        from picked p
        where l.id = p.id
        returning l.id, l.org_id, l.phone, l.attempts, p.next_call_context
      )
      insert into public.calls (org_id, campaign_id, lead_id, attempt_no, lead_attempt, status, provider, provider_account,
                                to_number, from_number, agent_id, context, queued_at, deadline_at,
                                created_at, updated_at)
      select cl.org_id, camp.id, cl.id,
             -- A dispatch that never reached the lead gives its attempt back, but its call row stays.
             greatest(cl.attempts,
                      (select coalesce(max(c.attempt_no), 0) + 1 from public.calls c where c.lead_id = cl.id)),
             cl.attempts, 'queued', camp.voice_provider, ${accountKey}, cl.phone, camp.caller_id, camp.agent_id,
             coalesce(cl.next_call_context, '{}'::jsonb), ${at}::timestamptz,
             ${at}::timestamptz + ${queuedDeadline}::interval, ${at}::timestamptz, ${at}::timestamptz
      from claimed cl cross join camp
      returning id as "callId", org_id as "orgId", lead_id as "leadId", provider
    `),
  );
}

// ---------------------------------------------------------------------------------------------
// Dispatch (services/dialer/dispatch-call.ts)

/** A call the dispatcher moved to `dialing`, with what the agent is told about its lead. */
export type DialingCall = Pick<
  Call,
  "id" | "orgId" | "campaignId" | "leadId" | "provider" | "toNumber" | "fromNumber" | "agentId" | "context"
> &
  Pick<Lead, "firstName" | "lastName" | "company" | "email" | "phone" | "timezone" | "customFields"> & {
    campaignStatus: Campaign["status"];
    /** `calling` when the lead was still queued and its campaign active; null: do not call. */
    leadStatus: Lead["status"] | null;
    /** The lead went to the trash after the claim: not called, and its attempt is given back. */
    leadTrashed: boolean;
    businessName: Organization["name"];
    callbackNumber: Organization["callbackNumber"];
  };

/**
 * Moves a queued call to `dialing` and its lead to `calling` (only while the lead is still queued,
 * not in the trash, and the campaign active), in one statement; undefined when the call was not queued (a duplicate
 * delivery of the job).
 */
export async function startDialing(
  tx: Tx,
  { callId, now }: { callId: string; now: Date },
): Promise<DialingCall | undefined> {
  const at = now.toISOString();
  const [row] = rowsOf<DialingCall>(
    await tx.execute(sql`
      with c as (
        update public.calls set status = 'dialing', updated_at = ${at}::timestamptz
        where id = ${callId} and status = 'queued'
        returning id, org_id, campaign_id, lead_id, provider, to_number, from_number, agent_id, context
      ),
      l as (
        update public.leads l set status = 'calling', updated_at = ${at}::timestamptz
        from c
        where l.id = c.lead_id and l.org_id = c.org_id and l.status = 'queued' and l.deleted_at is null
          and exists (select 1 from public.campaigns k where k.id = c.campaign_id and k.status = 'active')
        returning l.id, l.status
      )
      select c.id, c.org_id as "orgId", c.campaign_id as "campaignId", c.lead_id as "leadId", c.provider,
             c.to_number as "toNumber", c.from_number as "fromNumber", c.agent_id as "agentId", c.context,
             k.status::text as "campaignStatus", l.status::text as "leadStatus",
             x.first_name as "firstName", x.last_name as "lastName", x.company, x.email, x.phone, x.timezone,
             x.custom_fields as "customFields", o.name as "businessName", o.callback_number as "callbackNumber",
             x.deleted_at is not null as "leadTrashed"
      from c
      join public.campaigns k on k.id = c.campaign_id
      join public.organizations o on o.id = c.org_id
      join public.leads x on x.id = c.lead_id
      left join l on l.id = c.lead_id
    `),
  );
  return row;
}

/**
 * The provider accepted the call: its id, when it was sent, and a deadline `deadlineMinutes`
 * ahead (unless a report ended the call meanwhile).
 */
export async function recordDispatched(
  tx: Tx,
  {
    callId,
    providerCallId,
    now,
    deadlineMinutes,
  }: { callId: string; providerCallId: string; now: Date; deadlineMinutes: number },
): Promise<void> {
  const at = now.toISOString();
  await tx.execute(sql`
    update public.calls
    set provider_call_id = coalesce(provider_call_id, ${providerCallId}),
        dispatched_at = coalesce(dispatched_at, ${at}::timestamptz),
        deadline_at = case when status = 'ended' then deadline_at
                           else ${at}::timestamptz + make_interval(mins => ${deadlineMinutes}) end,
        updated_at = ${at}::timestamptz
    where id = ${callId}
  `);
}

/**
 * Ends a call that never reached the lead, as failed with `error`. It is marked applied: the lead
 * is settled by the caller, and a late provider report must not settle it again.
 */
export async function endUndialedCall(
  tx: Tx,
  { callId, now, error }: { callId: string; now: Date; error: string },
): Promise<void> {
  const at = now.toISOString();
  await tx.execute(sql`
    update public.calls
    set status = 'ended', result = 'failed', error = ${error}, ended_at = ${at}::timestamptz,
        outcome_applied_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
    where id = ${callId} and status <> 'ended'
  `);
}

/** How many of the lead's latest calls in a row the provider refused (none since one was placed). */
export async function countRefusalsInARow(tx: Tx, { leadId }: { leadId: string }): Promise<number> {
  const [r] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      select count(*)::int as n from public.calls c
      where c.lead_id = ${leadId} and c.status = 'ended' and c.provider_call_id is null
        and c.error is not null
        and c.attempt_no > coalesce((select max(p.attempt_no) from public.calls p
                                     where p.lead_id = ${leadId} and p.provider_call_id is not null), 0)
    `),
  );
  return r?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Reconcile (services/dialer/reconcile-calls.ts)

export type OverdueCall = Pick<
  Call,
  "id" | "orgId" | "campaignId" | "status" | "provider" | "providerCallId" | "error"
>;

/** Calls not ended by their deadline, earliest deadline first (calls_open_deadline_idx). */
export async function listOverdueCalls(
  tx: Tx,
  { now, limit }: { now: Date; limit: number },
): Promise<OverdueCall[]> {
  return rowsOf<OverdueCall>(
    await tx.execute(sql`
      select id, org_id as "orgId", campaign_id as "campaignId", status, provider,
        provider_call_id as "providerCallId", error from public.calls
      where status <> 'ended' and deadline_at < ${now.toISOString()} order by deadline_at limit ${limit}`),
  );
}

/** More time for a call still open (and a note, when given, in `error`). */
export async function extendCallDeadline(
  tx: Tx,
  { callId, deadline, error, now }: { callId: string; deadline: Date; error: string | null; now: Date },
): Promise<void> {
  await tx.execute(sql`update public.calls set deadline_at = ${deadline.toISOString()},
    error = coalesce(${error}, error), updated_at = ${now.toISOString()} where id = ${callId} and status <> 'ended'`);
}

/** Why a call is being closed, unless a report ended it meanwhile (an ended call keeps its own account). */
export async function noteOpenCallError(
  tx: Tx,
  { callId, error, now }: { callId: string; error: string; now: Date },
): Promise<void> {
  await tx.execute(
    sql`update public.calls set error = ${error}, updated_at = ${now.toISOString()}
      where id = ${callId} and status <> 'ended'`,
  );
}

// ---------------------------------------------------------------------------------------------
// Reports (services/dialer/record-call-report.ts)

export type ReportedCall = Pick<
  Call,
  | "id"
  | "orgId"
  | "campaignId"
  | "leadId"
  | "attemptNo"
  | "status"
  | "result"
  | "outcome"
  | "callbackAt"
  | "endedAt"
  | "outcomeAppliedAt"
>;

/** The call a report is about, locked until the transaction ends: reports of one call apply one at a time. */
export async function lockCallForReport(tx: Tx, ref: CallRef): Promise<ReportedCall | null> {
  const byId = ref.callId;
  const rows = rowsOf<ReportedCall>(
    await tx.execute(sql`
      select id, org_id as "orgId", campaign_id as "campaignId", lead_id as "leadId", attempt_no as "attemptNo",
        status, result, outcome, callback_at as "callbackAt", ended_at as "endedAt",
        outcome_applied_at as "outcomeAppliedAt"
      from public.calls
      where ${byId ? sql`id = ${byId}` : sql`provider = ${ref.provider} and provider_call_id = ${ref.providerCallId}`}
      for update`),
  );
  return rows[0] ?? null;
}

/** The call was answered: live from `startedAt`. False when it was no longer queued or dialing. */
export async function markCallLive(
  tx: Tx,
  {
    callId,
    startedAt,
    providerCallId,
    now,
  }: { callId: string; startedAt: Date; providerCallId: string; now: Date },
): Promise<boolean> {
  const rows = rowsOf(
    await tx.execute(sql`
      update public.calls set status = 'live', started_at = coalesce(started_at, ${startedAt.toISOString()}),
        provider_call_id = coalesce(provider_call_id, ${providerCallId}), updated_at = ${now.toISOString()}
      where id = ${callId} and status in ('queued', 'dialing') returning id`),
  );
  return rows.length > 0;
}

type Turns = Call["transcriptTurns"];
const turnsJson = (turns: Turns | undefined): string | null => (turns?.length ? JSON.stringify(turns) : null);

type CallEnd = {
  result: CallResult;
  providerReason: string | null;
  endedAt: Date;
  startedAt: Date | null;
  durationSeconds: number | null;
  costCents: number | null;
  transcript: string | null;
  transcriptTurns: Turns | undefined;
  agentId: string | null;
  recordingUrl: string | null;
  providerCallId: string;
};

/** Ends the call with the provider's account of it; what an earlier event recorded is kept where this has nothing. */
export async function recordCallEnd(
  tx: Tx,
  { callId, now, end }: { callId: string; now: Date; end: CallEnd },
) {
  await tx.execute(sql`
    update public.calls set status = 'ended', result = ${end.result}, provider_reason = ${end.providerReason},
      ended_at = ${end.endedAt.toISOString()}, started_at = coalesce(started_at, ${end.startedAt?.toISOString() ?? null}::timestamptz),
      duration_seconds = ${end.durationSeconds}, cost_cents = ${end.costCents},
      transcript = coalesce(${end.transcript}, transcript),
      transcript_turns = coalesce(${turnsJson(end.transcriptTurns)}::jsonb, transcript_turns),
      agent_id = coalesce(${end.agentId}, agent_id),
      recording_url = coalesce(${end.recordingUrl}, recording_url),
      provider_call_id = coalesce(provider_call_id, ${end.providerCallId}), updated_at = ${now.toISOString()}
    where id = ${callId}`);
}

export type CallAnalysis = {
  summary: string | null;
  transcript: string | null;
  transcriptTurns: Turns | undefined;
  analysis: Record<string, unknown> | null;
};

/** The post-call analysis with the outcome it found (and the callback time it asked for, if any). */
export async function recordCallOutcome(
  tx: Tx,
  {
    callId,
    now,
    outcome,
    callbackAt,
    analysis: a,
  }: { callId: string; now: Date; outcome: CallOutcome; callbackAt: Date | null; analysis: CallAnalysis },
): Promise<void> {
  await tx.execute(sql`
    update public.calls set outcome = ${outcome},
      callback_at = coalesce(${callbackAt?.toISOString() ?? null}::timestamptz, callback_at),
      summary = ${a.summary}, transcript = coalesce(${a.transcript}, transcript),
      transcript_turns = coalesce(${turnsJson(a.transcriptTurns)}::jsonb, transcript_turns),
      analysis = ${a.analysis ? JSON.stringify(a.analysis) : null}::jsonb, updated_at = ${now.toISOString()}
    where id = ${callId}`);
}

/** The analysis alone, keeping the outcome a tool recorded; false when an analysis is there already. */
export async function recordCallAnalysis(
  tx: Tx,
  { callId, now, analysis: a }: { callId: string; now: Date; analysis: CallAnalysis },
): Promise<boolean> {
  const kept = rowsOf(
    await tx.execute(sql`
      update public.calls set summary = ${a.summary},
        transcript = coalesce(${a.transcript}, transcript),
        transcript_turns = coalesce(${turnsJson(a.transcriptTurns)}::jsonb, transcript_turns),
        analysis = ${a.analysis ? JSON.stringify(a.analysis) : null}::jsonb, updated_at = ${now.toISOString()}
      where id = ${callId} and analysis is null and summary is null returning id`),
  );
  return kept.length > 0;
}

/** Marks the call's result as applied to its lead; false when that happened already. */
export async function markOutcomeApplied(
  tx: Tx,
  { callId, now }: { callId: string; now: Date },
): Promise<boolean> {
  const marked = await tx
    .update(calls)
    .set({ outcomeAppliedAt: now })
    .where(and(eq(calls.id, callId), isNull(calls.outcomeAppliedAt)))
    .returning({ id: calls.id });
  return marked.length > 0;
}

/** When each of the lead's calls was queued (the 24-hour attempt cap counts them). */
export async function listCallTimesOfLead(
  tx: Tx,
  { orgId, leadId }: { orgId: string; leadId: string },
): Promise<Date[]> {
  const rows = await tx
    .select({ queuedAt: calls.queuedAt })
    .from(calls)
    .where(and(eq(calls.leadId, leadId), eq(calls.orgId, orgId)));
  return rows.map((r) => r.queuedAt);
}

/** Of the campaign's last `window` ended calls, how many there are and how many failed. */
export async function recentCallFailures(
  tx: Tx,
  { orgId, campaignId, window }: { orgId: string; campaignId: string; window: number },
): Promise<{ total: number; failed: number }> {
  const [stats] = rowsOf<{ total: number; failed: number }>(
    await tx.execute(sql`
      select count(*)::int as total, count(*) filter (where result = 'failed')::int as failed
      from (select result from public.calls where campaign_id = ${campaignId} and org_id = ${orgId}
            and status = 'ended' order by ended_at desc nulls last limit ${window}) recent`),
  );
  return stats ?? { total: 0, failed: 0 };
}

// ---------------------------------------------------------------------------------------------
// Webhooks and in-call tools

/** The condition that picks the call a provider's event is about: our id when it names one, else the provider's. */
export function callRefCondition(ref: CallRef): SQL {
  return ref.callId
    ? sql`id = ${ref.callId}`
    : sql`provider = ${ref.provider} and provider_call_id = ${ref.providerCallId}`;
}

/** Our call (id and organization) for a provider's event. */
export async function findCallByRef(tx: Tx, ref: CallRef): Promise<Pick<Call, "id" | "orgId"> | null> {
  const [call] = rowsOf<Pick<Call, "id" | "orgId">>(
    await tx.execute(sql`
      select id, org_id as "orgId" from public.calls
      where ${callRefCondition(ref)}
      limit 1`),
  );
  return call ?? null;
}

type ToolCallRow = Pick<Call, "id" | "orgId" | "campaignId" | "leadId" | "outcome"> &
  Pick<Lead, "phone" | "firstName" | "lastName" | "email" | "timezone" | "timezoneCandidates"> &
  Pick<Campaign, "callingDays" | "callingStartMinute" | "callingEndMinute"> & {
    campaignName: Campaign["name"];
  };

/** The call an in-call tool request is about, of that provider, with its lead and campaign. */
export async function findToolCall(
  tx: Tx,
  { provider, callId: byId, providerCallId }: CallRef,
): Promise<ToolCallRow | undefined> {
  const [row] = rowsOf<ToolCallRow>(
    await tx.execute(sql`
      select c.id, c.org_id as "orgId", c.campaign_id as "campaignId", k.name as "campaignName",
             c.lead_id as "leadId", c.outcome, l.phone, l.first_name as "firstName", l.last_name as "lastName",
             l.email, l.timezone, l.timezone_candidates as "timezoneCandidates",
             k.calling_days as "callingDays", k.calling_start_minute as "callingStartMinute",
             k.calling_end_minute as "callingEndMinute"
      from public.calls c
      join public.leads l on l.id = c.lead_id and l.org_id = c.org_id
      join public.campaigns k on k.id = c.campaign_id and k.org_id = c.org_id
      where c.provider = ${provider}
        and ${byId ? sql`c.id = ${byId}` : sql`c.provider_call_id = ${providerCallId}`}`),
  );
  return row;
}

/**
 * The callback time the lead asked for, as the call's outcome (the outcome service schedules the
 * lead when the call ends). An opt-out recorded earlier in the call is never overwritten: false then.
 */
export async function setCallCallback(
  tx: Tx,
  { orgId, callId, callbackAt, now }: { orgId: string; callId: string; callbackAt: Date; now: Date },
): Promise<boolean> {
  const rows = rowsOf(
    await tx.execute(sql`
      update public.calls set outcome = 'callback', callback_at = ${callbackAt.toISOString()}, updated_at = ${now.toISOString()}
      where id = ${callId} and org_id = ${orgId} and outcome is distinct from 'do_not_call'
      returning id`),
  );
  return rows.length > 0;
}

/** The call booked a meeting: its outcome (unless the lead opted out earlier in the call). */
export async function setCallBooked(
  tx: Tx,
  { orgId, callId, now }: { orgId: string; callId: string; now: Date },
): Promise<void> {
  await tx.execute(sql`update public.calls set outcome = 'booked', updated_at = ${now.toISOString()}
    where id = ${callId} and org_id = ${orgId} and outcome is distinct from 'do_not_call'`);
}

/** The lead asked not to be called again: the call's outcome, whatever the call recorded before. */
export async function setCallDoNotCall(
  tx: Tx,
  { orgId, callId, now }: { orgId: string; callId: string; now: Date },
): Promise<void> {
  await tx.execute(sql`update public.calls set outcome = 'do_not_call', callback_at = null, updated_at = ${now.toISOString()}
      where id = ${callId} and org_id = ${orgId}`);
}

/** The call, if it is this lead's and has no live (booked or pending) appointment yet. */
export async function findCallWithoutLiveAppointment(
  tx: Tx,
  { orgId, leadId, callId }: { orgId: string; leadId: string; callId: string },
): Promise<string | null> {
  const [row] = rowsOf<Pick<Call, "id">>(
    await tx.execute(sql`select c.id from public.calls c where c.id = ${callId} and c.org_id = ${orgId}
      and c.lead_id = ${leadId} and not exists (select 1 from public.appointments a
        where a.call_id = c.id and a.status in ('booked', 'pending'))`),
  );
  return row?.id ?? null;
}

/** What the follow-up email needs of an ended call: its verdicts and the campaign's email switches. */
type FollowUpCall = Pick<Call, "orgId" | "campaignId" | "leadId" | "status" | "result" | "outcome"> &
  Pick<Campaign, "disabledEmailKinds">;

export async function getCallForFollowUp(
  tx: Tx,
  { callId }: { callId: string },
): Promise<FollowUpCall | undefined> {
  const [call] = rowsOf<FollowUpCall>(
    await tx.execute(sql`
      select c.org_id as "orgId", c.campaign_id as "campaignId", c.lead_id as "leadId", c.status, c.result,
        c.outcome, k.disabled_email_kinds as "disabledEmailKinds"
      from public.calls c join public.campaigns k on k.id = c.campaign_id and k.org_id = c.org_id
      where c.id = ${callId}`),
  );
  return call;
}

// ---------------------------------------------------------------------------------------------
// Campaigns

/**
 * Calls in flight, calls made today (in `zone`) and the spend so far, for the campaign page: three
 * index lookups, never a scan of the campaign's calls (250,000 at the scale the bench measures).
 * In flight: `calls_open_campaign_idx` (partial, live calls only). Today: the calls created since
 * the zone's midnight on `calls_campaign_id_created_at_idx`, the same count the daily call cap
 * uses (`readClaimCapacity`). Spend: an index-only scan of `calls_org_id_campaign_id_cost_idx`,
 * which holds the cost beside the campaign (the organization first, so the policy's own filter is
 * answered from the index too).
 */
export async function campaignCallStats(
  tx: Tx,
  { orgId, campaignId, zone, now }: { orgId: string; campaignId: string; zone: string; now: Date },
): Promise<{ open: number; today: number; spend: number }> {
  const at = now.toISOString();
  const [stats] = rowsOf<{ open: number; today: number; spend: number }>(
    await tx.execute(sql`
      select
        (select count(*) from public.calls
          where org_id = ${orgId} and campaign_id = ${campaignId} and status <> 'ended')::int as open,
        (select count(*) from public.calls
          where org_id = ${orgId} and campaign_id = ${campaignId}
            and created_at >= (date_trunc('day', ${at}::timestamptz at time zone ${zone}) at time zone ${zone})
        )::int as today,
        (select coalesce(sum(cost_cents), 0) from public.calls
          where org_id = ${orgId} and campaign_id = ${campaignId})::int as spend`),
  );
  return {
    open: Number(stats?.open ?? 0),
    today: Number(stats?.today ?? 0),
    spend: Number(stats?.spend ?? 0),
  };
}

/**
 * Closes the campaign's calls that were claimed but never sent (no provider call id) as failed,
 * and gives their leads the attempt back (pending). Returns how many calls it closed.
 */
export async function cancelUnsentCalls(
  tx: Tx,
  { orgId, campaignId, now }: { orgId: string; campaignId: string; now: Date },
): Promise<number> {
  const nowIso = now.toISOString();
  const rows = rowsOf<Pick<Call, "id">>(
    await tx.execute(sql`
      with cancelled as (
        update public.calls set status = 'ended', result = 'failed', error = 'campaign stopped',
          ended_at = ${nowIso}::timestamptz, outcome_applied_at = ${nowIso}::timestamptz,
          updated_at = ${nowIso}::timestamptz
        where org_id = ${orgId} and campaign_id = ${campaignId} and status = 'queued'
          and provider_call_id is null
        returning id, lead_id
      ), released as (
        update public.leads l set status = 'pending', attempts = greatest(l.attempts - 1, 0),
          updated_at = ${nowIso}::timestamptz
        from cancelled c
        where l.id = c.lead_id and l.org_id = ${orgId} and l.status in ('queued', 'calling')
        returning l.id
      )
      select id from cancelled`),
  );
  return rows.length;
}

// ---------------------------------------------------------------------------------------------
// The calls pages (members, under RLS)

/**
 * The calls lists' filter, with the zone its days are in (the viewer's) and, for a search,
 * `candidateIds`: every call the search matches, found by `findCallIdsMatching` (which then
 * replaces the search condition).
 */
export type CallListFilter = CallFilter & { zone?: string; candidateIds?: string[] };

/**
 * Up to `limit` ids of the organization's calls whose summary or transcript matches `q`, found
 * through calls_search_idx by `private.call_ids_matching` (under RLS `@@` can't use an index; see
 * that migration). The caller asks for one more than it can use: `limit` back means "more".
 */
export async function findCallIdsMatching(
  tx: Tx,
  { orgId, q, limit }: { orgId: string; q: string; limit: number },
): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(
      sql`select id from private.call_ids_matching(${orgId}::uuid, ${q}::text, ${limit}::int) as id`,
    ),
  );
  return rows.map((r) => r.id);
}

/** Whether a call's summary or transcript matches a search box's text (web search syntax). */
export function callSearchMatches(q: string): SQL {
  return sql`${callSearchDocument} @@ websearch_to_tsquery('english'::regconfig, ${q})`;
}

/**
 * The WHERE of the calls lists and the export. The organization (or campaign, or lead) and the day
 * range are the index's leading columns; result, outcome, provider and duration are checked on the
 * rows the walk meets (docs/decisions/0015-calls-log-live.md says why they have no index). A
 * search narrows to its `candidateIds` when they were all found, else it is checked on the walk.
 * Days are midnight to midnight in `zone`.
 */
function callFilter(orgId: string, filter: CallListFilter): SQL | undefined {
  const zone = filter.zone ?? "UTC";
  const where: (SQL | undefined)[] = [eq(calls.orgId, orgId)];
  if (filter.campaignId) where.push(eq(calls.campaignId, filter.campaignId));
  if (filter.leadId) where.push(eq(calls.leadId, filter.leadId));
  if (filter.result) where.push(eq(calls.result, filter.result));
  // Only a conversation has an outcome (the log shows none for an unanswered call's "unknown").
  if (filter.outcome) where.push(eq(calls.outcome, filter.outcome), eq(calls.result, "answered"));
  if (filter.provider) where.push(eq(calls.provider, filter.provider));
  if (filter.review) where.push(callReviewCondition(filter.review));
  if (filter.from)
    where.push(sql`${calls.createdAt} >= (${filter.from}::date::timestamp at time zone ${zone})`);
  if (filter.to)
    where.push(sql`${calls.createdAt} < ((${filter.to}::date + 1)::timestamp at time zone ${zone})`);
  if (filter.minSeconds !== undefined) where.push(gte(calls.durationSeconds, filter.minSeconds));
  if (filter.maxSeconds !== undefined) where.push(lte(calls.durationSeconds, filter.maxSeconds));
  if (filter.candidateIds) {
    // One text parameter rather than thousands of bind parameters, the same on both drivers.
    where.push(sql`${calls.id} = any(string_to_array(${filter.candidateIds.join(",")}::text, ',')::uuid[])`);
  } else if (filter.q) where.push(callSearchMatches(filter.q));
  return and(...where);
}

/** How many calls match, up to the cap (`countCapped`). */
export async function countCalls(
  tx: Tx,
  { orgId, filter }: { orgId: string; filter: CallListFilter },
): Promise<CappedCount> {
  return countCapped(tx, tx.select({ id: calls.id }).from(calls).where(callFilter(orgId, filter)));
}

/**
 * One page of calls, newest first, with lead and campaign names. The page's calls are found first,
 * walking calls_org_id_created_at_idx (calls_campaign_id_… for one campaign, calls_lead_id_… for
 * one lead), and only they are joined to their lead and campaign: joined before the LIMIT, a deep
 * page made the planner join every call to its lead and sort them all.
 */
export async function listCallsPage(
  tx: Tx,
  { orgId, filter, limit, offset }: { orgId: string; filter: CallListFilter; limit: number; offset: number },
) {
  const page = tx
    .select({
      id: calls.id,
      leadId: calls.leadId,
      phone: calls.toNumber,
      campaignId: calls.campaignId,
      status: calls.status,
      result: calls.result,
      outcome: calls.outcome,
      attemptNo: calls.attemptNo,
      leadAttempt: calls.leadAttempt,
      durationSeconds: calls.durationSeconds,
      costCents: calls.costCents,
      provider: calls.provider,
      error: calls.error,
      queuedAt: calls.queuedAt,
      startedAt: calls.startedAt,
      endedAt: calls.endedAt,
      createdAt: calls.createdAt,
    })
    .from(calls)
    .where(callFilter(orgId, filter))
    .orderBy(descNullsLast(calls.createdAt), descNullsLast(calls.id))
    .limit(limit)
    .offset(offset)
    .as("page");
  return tx
    .select({
      id: page.id,
      leadId: page.leadId,
      firstName: leads.firstName,
      lastName: leads.lastName,
      company: leads.company,
      phone: page.phone,
      leadTimezone: leads.timezone,
      campaignId: page.campaignId,
      campaignName: campaigns.name,
      status: page.status,
      result: page.result,
      outcome: page.outcome,
      attemptNo: page.attemptNo,
      leadAttempt: page.leadAttempt,
      durationSeconds: page.durationSeconds,
      costCents: page.costCents,
      provider: page.provider,
      error: page.error,
      queuedAt: page.queuedAt,
      startedAt: page.startedAt,
      endedAt: page.endedAt,
    })
    .from(page)
    .innerJoin(leads, eq(leads.id, page.leadId))
    .innerJoin(campaigns, eq(campaigns.id, page.campaignId))
    .orderBy(descNullsLast(page.createdAt), descNullsLast(page.id));
}

/** Where an export batch ended: the last call's `created_at` as Postgres wrote it (to the microsecond) and id. */
export type CallCursor = { createdAt: string; id: string };

/**
 * One batch of the calls the export writes, newest first, after `after` (keyset: each batch is an
 * index walk from where the last one stopped, however deep), with lead and campaign names and the
 * call's summary and transcript. Like a page, the batch's calls are found first and joined after.
 */
export async function listCallsExportBatch(
  tx: Tx,
  {
    orgId,
    filter,
    after,
    limit,
  }: { orgId: string; filter: CallListFilter; after?: CallCursor; limit: number },
) {
  const batch = tx
    .select({
      id: calls.id,
      cursor: sql<string>`${calls.createdAt}::text`.as("cursor"),
      leadId: calls.leadId,
      campaignId: calls.campaignId,
      phone: calls.toNumber,
      attemptNo: calls.attemptNo,
      status: calls.status,
      result: calls.result,
      outcome: calls.outcome,
      durationSeconds: calls.durationSeconds,
      costCents: calls.costCents,
      provider: calls.provider,
      summary: calls.summary,
      transcript: calls.transcript,
      error: calls.error,
      createdAt: calls.createdAt,
      startedAt: calls.startedAt,
      endedAt: calls.endedAt,
    })
    .from(calls)
    .where(
      and(
        callFilter(orgId, filter),
        // A row comparison, not `a < x or (a = x and id < y)`: only this form bounds the index walk.
        after
          ? sql`(${calls.createdAt}, ${calls.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(descNullsLast(calls.createdAt), descNullsLast(calls.id))
    .limit(limit)
    .as("batch");
  return tx
    .select({
      id: batch.id,
      cursor: batch.cursor,
      createdAt: batch.createdAt,
      startedAt: batch.startedAt,
      endedAt: batch.endedAt,
      campaignName: campaigns.name,
      firstName: leads.firstName,
      lastName: leads.lastName,
      company: leads.company,
      phone: batch.phone,
      leadTimezone: leads.timezone,
      attemptNo: batch.attemptNo,
      status: batch.status,
      result: batch.result,
      outcome: batch.outcome,
      durationSeconds: batch.durationSeconds,
      costCents: batch.costCents,
      provider: batch.provider,
      summary: batch.summary,
      transcript: batch.transcript,
      error: batch.error,
    })
    .from(batch)
    .innerJoin(leads, eq(leads.id, batch.leadId))
    .innerJoin(campaigns, eq(campaigns.id, batch.campaignId))
    .orderBy(descNullsLast(batch.createdAt), descNullsLast(batch.id));
}

/** One call with its lead and campaign. */
export async function getCallDetail(tx: Tx, { orgId, callId }: { orgId: string; callId: string }) {
  const [row] = await tx
    .select({
      call: calls,
      lead: {
        id: leads.id,
        firstName: leads.firstName,
        lastName: leads.lastName,
        company: leads.company,
        email: leads.email,
        phone: leads.phone,
        timezone: leads.timezone,
        status: leads.status,
      },
      campaign: { id: campaigns.id, name: campaigns.name },
    })
    .from(calls)
    .innerJoin(leads, eq(leads.id, calls.leadId))
    .innerJoin(campaigns, eq(campaigns.id, calls.campaignId))
    // The org filter says what is meant; RLS would hide another organization's call anyway.
    .where(and(eq(calls.id, callId), eq(calls.orgId, orgId)))
    .limit(1);
  return row ?? null;
}
