import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/lib/db/client";
import type { Actor } from "../organizations/roles";

/** Statuses of a meeting that still counts (not cancelled, not replaced by a reschedule). */
const LIVE = sql`('booked', 'pending', 'completed', 'no_show')`;

export type AppointmentStats = {
  /** Live meetings starting today, in `zone`. */
  today: number;
  /** Live meetings starting this week (Monday to Sunday), in `zone`. */
  thisWeek: number;
  /** Live meetings from now on. */
  upcoming: number;
  /** Every live meeting ever booked. */
  total: number;
  /** Live meetings per campaign, most first (at most `top`); `campaignId` null for none. */
  byCampaign: { campaignId: string | null; campaignName: string | null; count: number }[];
  /** completed / (completed + no_show), or null while no meeting has either status. */
  showRate: number | null;
  /** How many meetings the show rate is known for. */
  showKnown: number;
};

/** Whether `zone` is an IANA zone this runtime knows (Postgres would throw on an unknown one). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The appointments page's stat cards (RLS applies). "Today" and "this week" are the viewer's:
 * pass the viewer's zone explicitly (an unknown zone counts in UTC).
 */
export async function appointmentStats({
  tx,
  actor,
  now,
  zone,
  top = 3,
}: {
  tx: Tx;
  actor: Actor;
  now: Date;
  zone: string;
  top?: number;
}): Promise<AppointmentStats> {
  const tz = isTimeZone(zone) ? zone : "UTC";
  const at = now.toISOString();
  // Local midnight and local Monday in `tz`, back as instants.
  const dayStart = sql`(date_trunc('day', ${at}::timestamptz at time zone ${tz}) at time zone ${tz})`;
  const dayEnd = sql`((date_trunc('day', ${at}::timestamptz at time zone ${tz}) + interval '1 day') at time zone ${tz})`;
  const weekStart = sql`(date_trunc('week', ${at}::timestamptz at time zone ${tz}) at time zone ${tz})`;
  const weekEnd = sql`((date_trunc('week', ${at}::timestamptz at time zone ${tz}) + interval '7 days') at time zone ${tz})`;
  const [totals] = rowsOf<{
    today: number;
    this_week: number;
    upcoming: number;
    total: number;
    completed: number;
    no_show: number;
  }>(
    await tx.execute(sql`
      select
        count(*) filter (where status in ${LIVE} and start_at >= ${dayStart} and start_at < ${dayEnd})::int as today,
        count(*) filter (where status in ${LIVE} and start_at >= ${weekStart} and start_at < ${weekEnd})::int as this_week,
        count(*) filter (where status in ('booked', 'pending') and start_at >= ${at}::timestamptz)::int as upcoming,
        count(*) filter (where status in ${LIVE})::int as total,
        count(*) filter (where status = 'completed')::int as completed,
        count(*) filter (where status = 'no_show')::int as no_show
      from public.appointments
      where org_id = ${actor.orgId}`),
  );
  const byCampaign = rowsOf<{ campaign_id: string | null; campaign_name: string | null; n: number }>(
    await tx.execute(sql`
      select a.campaign_id, c.name as campaign_name, count(*)::int as n
      from public.appointments a
      left join public.campaigns c on c.id = a.campaign_id
      where a.org_id = ${actor.orgId} and a.status in ${LIVE}
      group by a.campaign_id, c.name
      order by n desc, c.name asc nulls last
      limit ${top}`),
  );
  const completed = Number(totals?.completed ?? 0);
  const noShow = Number(totals?.no_show ?? 0);
  const known = completed + noShow;
  return {
    today: Number(totals?.today ?? 0),
    thisWeek: Number(totals?.this_week ?? 0),
    upcoming: Number(totals?.upcoming ?? 0),
    total: Number(totals?.total ?? 0),
    byCampaign: byCampaign.map((r) => ({
      campaignId: r.campaign_id,
      campaignName: r.campaign_name,
      count: Number(r.n),
    })),
    showRate: known ? completed / known : null,
    showKnown: known,
  };
}
