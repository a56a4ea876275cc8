import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { rowsOf } from "@/lib/db/client";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { dialableStatusList } from "@/lib/db/schema";
import { type CallingWindow, nextCallableAt } from "@/lib/dialer/calling-window";
import { AppError } from "@/lib/errors";
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

/**
 * Who the campaign would call at `now`, and why the others wait or are skipped, by the same rules
 * as the claim (do-not-call, consent, attempts, the calling window in every zone of the lead). A
 * lead is "later today" when its window still opens, or its retry falls due, before its local
 * midnight; "waiting" when a retry or callback is due on a later day; "outside hours" when today
 * is not a calling day or its window has passed.
 */
export async function previewCampaign({
  tx,
  actor,
  campaignId,
  now,
}: {
  tx: Tx;
  actor: Actor;
  campaignId: string;
  now: Date;
}): Promise<CampaignPreview> {
  const campaign = await getCampaign(tx, { orgId: actor.orgId, campaignId });
  if (!campaign) throw new AppError("not_found", "That campaign doesn't exist.");
  const at = now.toISOString();
  const days = sql`${`{${campaign.callingDays.join(",")}}`}::int[]`;
  const start = Math.max(campaign.callingStartMinute, 480);
  const end = Math.min(campaign.callingEndMinute, 1260);
  const rows = rowsOf<{ bucket: PreviewBucket; n: number }>(
    await tx.execute(sql`
      with l as (
        select l.status, l.attempts, l.consent, l.next_attempt_at, l.timezone,
          array[l.timezone] || coalesce(l.timezone_candidates, '{}') as zones,
          exists (select 1 from public.do_not_call d where d.org_id = l.org_id and d.phone = l.phone) as dnc,
          (${at}::timestamptz at time zone l.timezone)::date as local_day
        from public.leads l
        where l.org_id = ${actor.orgId} and l.campaign_id = ${campaignId} and l.deleted_at is null
      ), classified as (
        select case
          when status in ('queued', 'calling') then 'in_call'
          when status = 'do_not_call' or dnc then 'do_not_call'
          when status = 'invalid_number' then 'invalid_number'
          when status not in (${dialableStatusList}) then 'done'
          when attempts >= ${campaign.maxAttempts} then 'attempts_used'
          when ${campaign.requireConsent} and consent is not true then 'no_consent'
          when coalesce(next_attempt_at, '-infinity') <= ${at}::timestamptz
            and private.in_calling_window(${at}::timestamptz, zones, ${days}, ${start}, ${end})
            then 'callable_now'
          when t.candidate < t.day_end
            and private.in_calling_window(t.candidate, zones, ${days}, ${start}, ${end})
            then 'later_today'
          when next_attempt_at > ${at}::timestamptz
            and next_attempt_at >= ((local_day + 1)::timestamp at time zone timezone)
            then 'waiting'
          else 'outside_hours'
        end as bucket
        from l
        cross join lateral (
          select
            greatest(${at}::timestamptz, coalesce(next_attempt_at, '-infinity'),
              (local_day + make_interval(mins => ${start}))::timestamp at time zone timezone) as candidate,
            (local_day + make_interval(mins => ${end}))::timestamp at time zone timezone as day_end
        ) t
      )
      select bucket, count(*)::int as n from classified group by bucket`),
  );
  const counts = Object.fromEntries(PREVIEW_BUCKETS.map((b) => [b, 0])) as Record<PreviewBucket, number>;
  for (const r of rows) counts[r.bucket] = Number(r.n);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return { total, counts, nextCallableAt: await nextOpening(tx, campaign, actor.orgId, now) };
}

/**
 * The next instant any dialable lead that is not callable now becomes callable: per distinct set
 * of zones, from the earliest due time, through the TypeScript twin of the SQL window.
 */
export async function nextOpening(
  tx: Tx,
  campaign: NonNullable<Awaited<ReturnType<typeof getCampaign>>>,
  orgId: string,
  now: Date,
): Promise<Date | null> {
  const at = now.toISOString();
  // Per zone set: whether some lead is due already, and the earliest retry still to come.
  const groups = rowsOf<{ zones: string[]; due_now: boolean; next_due: Date | null }>(
    await tx.execute(sql`
      select array[l.timezone] || coalesce(l.timezone_candidates, '{}') as zones,
        bool_or(coalesce(l.next_attempt_at, '-infinity') <= ${at}::timestamptz) as due_now,
        min(l.next_attempt_at) filter (where l.next_attempt_at > ${at}::timestamptz) as next_due
      from public.leads l
      where l.org_id = ${orgId} and l.campaign_id = ${campaign.id}
        and l.status in (${dialableStatusList}) and l.deleted_at is null and l.attempts < ${campaign.maxAttempts}
        and (not ${campaign.requireConsent} or l.consent is true)
        and not exists (select 1 from public.do_not_call d where d.org_id = l.org_id and d.phone = l.phone)
      group by 1
      limit 1000`),
  );
  const window = campaignWindow(campaign);
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
