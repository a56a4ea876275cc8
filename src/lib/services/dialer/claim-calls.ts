import { sql } from "drizzle-orm";
import { type Database, rowsOf, type Tx } from "@/lib/db/client";
import { dialableStatusList } from "@/lib/db/schema";
import { withService } from "@/lib/db/with-user";
import type { VoiceProviderName } from "@/lib/integrations/voice/types";
import { logger } from "@/lib/logger";
import { pauseCampaign } from "./pause-campaign";

export type ClaimedCall = {
  callId: string;
  orgId: string;
  campaignId: string;
  leadId: string;
  provider: VoiceProviderName;
  providerAccount: string;
};

export type ClaimCallsOptions = {
  db: Database;
  campaignId: string;
  /** Decisions (window, due time, caps) are taken at this instant, never at the database clock. */
  now: Date;
  /** The voice adapter's account and how many live calls it allows at once. */
  account: { key: string; cap: number };
};

/** A claimed call is sent within minutes; past this the reconciler closes a call nobody dispatched. */
const QUEUED_DEADLINE = "5 minutes";

type CampaignRow = {
  org_id: string;
  voice_provider: VoiceProviderName;
  max_concurrent_calls: number;
  daily_call_cap: number | null;
  spend_cap_cents: number | null;
  campaign_open: number;
  account_open: number;
  today: number;
  spent: number;
};

/**
 * Claims the leads a campaign may call now and creates their call rows, in one transaction:
 * at most as many as the campaign's and the provider account's free slots, daily cap and spend
 * cap allow, each eligible by status, due time, attempts, 24-hour cap, consent, do-not-call and
 * its local calling window. Overlapping claims for one campaign return [] instead of waiting.
 */
export async function claimCalls({
  db,
  campaignId,
  now,
  account,
}: ClaimCallsOptions): Promise<ClaimedCall[]> {
  return withService(async (tx) => {
    const [lock] = rowsOf<{ ok: boolean }>(
      await tx.execute(
        sql`select pg_try_advisory_xact_lock(hashtextextended(${`dialer:campaign:${campaignId}`}, 0)) as ok`,
      ),
    );
    if (!lock?.ok) return [];
    // Campaigns sharing a provider account claim one after another, so its cap holds across them.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`dialer:account:${account.key}`}, 0))`,
    );

    const free = await freeSlots(tx, { campaignId, now, account });
    if (free === null || free <= 0) return [];
    return claimLeads(tx, { campaignId, now, account, free });
  }, db);
}

/** Free slots, or null when the campaign is not active (or was just paused for its spend cap). */
async function freeSlots(
  tx: Tx,
  { campaignId, now, account }: Omit<ClaimCallsOptions, "db">,
): Promise<number | null> {
  const at = now.toISOString();
  const [c] = rowsOf<CampaignRow>(
    await tx.execute(sql`
      select k.org_id, k.voice_provider, k.max_concurrent_calls, k.daily_call_cap, k.spend_cap_cents,
        (select count(*)::int from public.calls c
          where c.campaign_id = k.id and c.status <> 'ended') as campaign_open,
        (select count(*)::int from public.calls c
          where c.provider_account = ${account.key} and c.status <> 'ended') as account_open,
        case when k.daily_call_cap is null then 0 else
          (select count(*)::int from public.calls c
            where c.campaign_id = k.id
              and c.created_at >= date_trunc('day', ${at}::timestamptz at time zone k.default_timezone)
                                    at time zone k.default_timezone) end as today,
        case when k.spend_cap_cents is null then 0 else
          (select coalesce(sum(c.cost_cents), 0)::int from public.calls c where c.campaign_id = k.id) end as spent
      from public.campaigns k
      where k.id = ${campaignId} and k.status = 'active'
    `),
  );
  if (!c) return null;
  if (c.spend_cap_cents !== null && c.spent >= c.spend_cap_cents) {
    await pauseCampaign(tx, {
      campaignId,
      now,
      reason: `Spend cap reached: calls cost ${formatCents(c.spent)} of the ${formatCents(c.spend_cap_cents)} cap.`,
    });
    logger.info("campaign paused: spend cap reached", { campaignId, spentCents: c.spent });
    return null;
  }
  let free = Math.min(c.max_concurrent_calls - c.campaign_open, account.cap - c.account_open);
  if (c.daily_call_cap !== null) free = Math.min(free, c.daily_call_cap - c.today);
  return free;
}

function formatCents(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}

/**
 * The claim itself, one statement. The open zones come from a loose index scan over
 * leads_dial_queue_idx (one probe per distinct zone, not a scan of the campaign), then each open
 * zone's queue is walked in due order on the same index, locking with SKIP LOCKED. Everything
 * else that makes a lead callable is checked per row here, at claim time.
 */
async function claimLeads(
  tx: Tx,
  { campaignId, now, account, free }: Omit<ClaimCallsOptions, "db"> & { free: number },
): Promise<ClaimedCall[]> {
  const at = now.toISOString();
  const rows = rowsOf<{ call_id: string; org_id: string; lead_id: string; provider: VoiceProviderName }>(
    await tx.execute(sql`
      with recursive camp as (
        select id, org_id, voice_provider, agent_id, caller_id, require_consent, max_attempts,
               max_attempts_per_day, calling_days, calling_start_minute, calling_end_minute
        from public.campaigns where id = ${campaignId} and status = 'active'
      ),
      zones as (
        (select l.timezone from public.leads l
          where l.campaign_id = ${campaignId} and l.status in (${dialableStatusList})
          order by l.timezone limit 1)
        union all
        select (select l.timezone from public.leads l
                 where l.campaign_id = ${campaignId} and l.status in (${dialableStatusList})
                   and l.timezone > z.timezone
                 order by l.timezone limit 1)
        from zones z where z.timezone is not null
      ),
      open_zones as (
        select z.timezone from zones z cross join camp
        where z.timezone is not null
          and private.in_calling_window(${at}::timestamptz, array[z.timezone], camp.calling_days,
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
            and l.status in (${dialableStatusList})
            and coalesce(l.next_attempt_at, '-infinity'::timestamptz) <= ${at}::timestamptz
            and l.attempts < camp.max_attempts
            and (not camp.require_consent or l.consent is true)
            and not exists (
              select 1 from public.do_not_call d where d.org_id = camp.org_id and d.phone = l.phone)
            and (select count(*) from public.calls c
                  where c.lead_id = l.id and c.created_at > ${at}::timestamptz - interval '24 hours'
                    and c.created_at <= ${at}::timestamptz) < camp.max_attempts_per_day
            and private.in_calling_window(${at}::timestamptz,
                  array[l.timezone] || coalesce(l.timezone_candidates, '{}'::text[]),
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
      insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider, provider_account,
                                to_number, from_number, agent_id, context, queued_at, deadline_at,
                                created_at, updated_at)
      select cl.org_id, camp.id, cl.id,
             -- A dispatch that never reached the lead gives its attempt back, but its call row stays.
             greatest(cl.attempts,
                      (select coalesce(max(c.attempt_no), 0) + 1 from public.calls c where c.lead_id = cl.id)),
             'queued', camp.voice_provider, ${account.key}, cl.phone, camp.caller_id, camp.agent_id,
             coalesce(cl.next_call_context, '{}'::jsonb), ${at}::timestamptz,
             ${at}::timestamptz + ${QUEUED_DEADLINE}::interval, ${at}::timestamptz, ${at}::timestamptz
      from claimed cl cross join camp
      returning id as call_id, org_id, lead_id, provider
    `),
  );
  return rows.map((r) => ({
    callId: r.call_id,
    orgId: r.org_id,
    campaignId,
    leadId: r.lead_id,
    provider: r.provider,
    providerAccount: account.key,
  }));
}
