import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { rowsOf } from "@/lib/db/client";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { dialableStatusList } from "@/lib/db/schema";
import { type CallingWindow, nextCallableAt } from "@/lib/dialer/calling-window";
import { AppError } from "@/lib/errors";
import type { LeadStatus } from "@/lib/schemas/lead";
import type { Actor } from "../organizations/roles";

export const PREVIEW_BUCKETS = [
  "callable_now",
  "later_today",
  "in_call",
  "waiting",
  "outside_hours",
  "no_consent",
  "attempts_used",
  "do_not_call",
  "invalid_number",
  "done",
] as const;
export type PreviewBucket = (typeof PREVIEW_BUCKETS)[number];

export type CampaignPreview = {
  total: number;
  counts: Record<PreviewBucket, number>;
  /** The campaign's leads (not in the trash) per status, from the same pass. */
  byStatus: Partial<Record<LeadStatus, number>>;
  /** The earliest instant at which a lead not callable now becomes callable; null if none will. */
  nextCallableAt: Date | null;
};

export function campaignWindow(c: {
  callingDays: number[];
  callingStartMinute: number;
  callingEndMinute: number;
}): CallingWindow {
  return { days: c.callingDays, startMinute: c.callingStartMinute, endMinute: c.callingEndMinute };
}

export type Campaign = NonNullable<Awaited<ReturnType<typeof getCampaign>>>;

/** Per set of zones a dialable lead may be in: is one due now, and the earliest retry to come. */
type ZoneSetRow = { zones: string[]; due_now: boolean; next_due: Date | null };

/**
 * Who the campaign would call at `now`, and why the others wait or are skipped, by the same rules
 * as the claim (do-not-call, consent, attempts, the calling window in every zone of the lead). A
 * lead is "later today" when its window still opens, or its retry falls due, before its local
 * midnight; "waiting" when a retry or callback is due on a later day; "outside hours" when today
 * is not a calling day or its window has passed. Also the next instant a lead that is not callable
 * now becomes callable (`nextCallableAt`), and the count of leads per status, from the same statement.
 *
 * One pass over the campaign's leads. A lead due now is only counted, per set of zones it may be
 * in: whether such a lead is callable now or later today depends on its zones alone, so the window
 * is checked once per set, a few hundred at most whatever the campaign's size. Only a retry due
 * later today is judged on its own time (inlined, no function call). The do-not-call list is
 * joined rather than probed per lead: a correlated EXISTS is costed as an index probe per lead,
 * which made the planner expect millions, compile the statement with JIT and sort the leads (on
 * disk, at 250,000) instead of hashing them. The OFFSET 0 keeps each lead's state computed once
 * rather than again in every aggregate that reads it.
 */
export async function previewCampaign({
  tx,
  actor,
  campaignId,
  now,
  campaign: read,
}: {
  tx: Tx;
  actor: Actor;
  campaignId: string;
  now: Date;
  /** The campaign, when the caller has read it already in this transaction. */
  campaign?: Campaign;
}): Promise<CampaignPreview> {
  const campaign = read ?? (await getCampaign(tx, { orgId: actor.orgId, campaignId }));
  if (!campaign) throw new AppError("not_found", "That campaign doesn't exist.");
  const at = sql`${now.toISOString()}::timestamptz`;
  const days = sql`${`{${campaign.callingDays.join(",")}}`}::int[]`;
  const start = Math.max(campaign.callingStartMinute, 480);
  const end = Math.min(campaign.callingEndMinute, 1260);
  const window = sql`${days}, ${start}::int, ${end}::int`;
  // The lead's local day and where its window opens and closes on it, in its own zone.
  const localDay = (zone: SQL) => sql`(${at} at time zone ${zone})::date`;
  const dayAt = (zone: SQL, minutes: number) =>
    sql`(${localDay(zone)} + make_interval(mins => ${minutes}::int))::timestamp at time zone ${zone}`;
  const rows = rowsOf<{ kind: "bucket" | "zones" | "status"; bucket: string; n: number } & ZoneSetRow>(
    await tx.execute(sql`
      with leads_now as (
        select l.timezone, l.timezone_candidates, l.next_attempt_at, l.status,
          case
            when l.status in ('queued', 'calling') then 'in_call'
            when l.status = 'do_not_call' or d.phone is not null then 'do_not_call'
            when l.status = 'invalid_number' then 'invalid_number'
            when l.status not in (${dialableStatusList}) then 'done'
            when l.attempts >= ${campaign.maxAttempts} then 'attempts_used'
            when ${campaign.requireConsent} and l.consent is not true then 'no_consent'
            when coalesce(l.next_attempt_at, '-infinity') <= ${at} then 'due'
            when l.next_attempt_at >= (${localDay(sql`l.timezone`)} + 1)::timestamp at time zone l.timezone
              then 'waiting'
            when l.next_attempt_at < ${dayAt(sql`l.timezone`, end)}
              and private.lead_in_calling_window(greatest(l.next_attempt_at, ${dayAt(sql`l.timezone`, start)}),
                l.timezone, l.timezone_candidates, ${window})
              then 'later_today'
            else 'outside_hours'
          end as state
        from public.leads l
        left join public.do_not_call d on d.org_id = l.org_id and d.phone = l.phone
        where l.org_id = ${actor.orgId} and l.campaign_id = ${campaignId} and l.deleted_at is null
        offset 0
      ), zone_sets as materialized (
        select timezone, timezone_candidates, state, status, count(*)::int as n,
          min(next_attempt_at) filter (where next_attempt_at > ${at}) as next_due
        from leads_now
        group by 1, 2, 3, 4
      ), buckets as (
        select
          case
            when z.state <> 'due' then z.state
            when private.lead_in_calling_window(${at}, z.timezone, z.timezone_candidates, ${window})
              then 'callable_now'
            when t.opens < ${dayAt(sql`z.timezone`, end)}
              and private.lead_in_calling_window(t.opens, z.timezone, z.timezone_candidates, ${window})
              then 'later_today'
            else 'outside_hours'
          end as bucket,
          sum(z.n)::int as n
        from zone_sets z
        cross join lateral (select greatest(${at}, ${dayAt(sql`z.timezone`, start)}) as opens) t
        group by 1
      ), dialable as (
        select array[timezone] || coalesce(timezone_candidates, '{}') as zones,
          bool_or(state = 'due') as due_now, min(next_due) as next_due
        from zone_sets
        where state in ('due', 'waiting', 'later_today', 'outside_hours')
        group by 1
        limit 1000
      )
      select 'bucket' as kind, bucket, n, null::text[] as zones, null::boolean as due_now,
        null::timestamptz as next_due
      from buckets
      union all
      select 'zones', null, null, zones, due_now, next_due from dialable
      union all
      select 'status', status::text, sum(n)::int, null, null, null from zone_sets group by status`),
  );
  const counts = Object.fromEntries(PREVIEW_BUCKETS.map((b) => [b, 0])) as Record<PreviewBucket, number>;
  const byStatus: Partial<Record<LeadStatus, number>> = {};
  for (const r of rows) {
    if (r.kind === "bucket") counts[r.bucket as PreviewBucket] = Number(r.n);
    else if (r.kind === "status") byStatus[r.bucket as LeadStatus] = Number(r.n);
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const zoneSets = rows.filter((r) => r.kind === "zones");
  return {
    total,
    counts,
    byStatus,
    nextCallableAt: earliestOpening(zoneSets, campaignWindow(campaign), now),
  };
}

/** The earliest instant after `now` at which a zone set's lead is callable (due now, or at its retry). */
function earliestOpening(groups: ZoneSetRow[], window: CallingWindow, now: Date): Date | null {
  let best: Date | null = null;
  const consider = (from: Date, zones: string[], skipIfNow: boolean) => {
    let found: Date | null = null;
    try {
      found = nextCallableAt(from, zones, window);
    } catch {
      return; // an unknown zone is never callable
    }
    if (!found || (skipIfNow && found.getTime() <= now.getTime())) return;
    if (!best || found < best) best = found;
  };
  for (const g of groups) {
    // Leads due now and inside their window are callable now, not "next".
    if (g.due_now) consider(now, g.zones, true);
    if (g.next_due) consider(g.next_due, g.zones, false);
  }
  return best;
}
