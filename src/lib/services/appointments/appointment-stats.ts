import type { Tx } from "@/lib/db/client";
import { countAppointmentsByCampaign, countAppointmentsByPeriod } from "@/lib/db/queries/appointments";
import type { Actor } from "../organizations/roles";

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
  const counts = await countAppointmentsByPeriod(tx, { orgId: actor.orgId, now, zone: tz });
  const byCampaign = await countAppointmentsByCampaign(tx, { orgId: actor.orgId, top });
  const known = counts.completed + counts.noShow;
  return {
    today: counts.today,
    thisWeek: counts.thisWeek,
    upcoming: counts.upcoming,
    total: counts.total,
    byCampaign,
    showRate: known ? counts.completed / known : null,
    showKnown: known,
  };
}
