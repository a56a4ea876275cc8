import type { Tx } from "@/lib/db/client";
import {
  type AttemptRow,
  type Counts,
  type HeatCell,
  reportAttempts,
  reportByCampaign,
  reportByDay,
  reportLeadHours,
  reportTotals,
  ZERO_COUNTS,
} from "@/lib/db/queries/reports";
import { planDays, planHours } from "@/lib/reports/buckets";
import { type Caveats, caveatsOf, computeFigures, type Figures } from "@/lib/reports/figures";
import { type ReportQuery, type ResolvedPeriod, resolvePeriod } from "@/lib/reports/periods";
import type { Actor } from "../organizations/roles";

export type DayBar = { day: string; counts: Counts };
export type CampaignRow = {
  campaignId: string;
  name: string;
  simulator: boolean;
  figures: Figures;
  caveats: Caveats;
};

export type Report = {
  zone: string;
  period: ResolvedPeriod;
  current: Counts;
  figures: Figures;
  previous: Figures;
  caveats: Caveats;
  days: DayBar[];
  heatmap: HeatCell[];
  /** The dashboard without a campaign filter: one row per campaign with calls in the period. */
  campaigns: CampaignRow[] | null;
  /** A campaign's Results tab: connect rate by attempt number. */
  attempts: AttemptRow[] | null;
};

/**
 * The dashboard's or a campaign's results for a period in the viewer's `zone` (RLS applies: run in
 * `withUser`). Every figure comes with the same figure for the period of the same length before.
 */
export async function getReport({
  tx,
  actor,
  query,
  now,
  zone,
  view,
}: {
  tx: Tx;
  actor: Actor;
  query: ReportQuery;
  now: Date;
  zone: string;
  view: "dashboard" | "campaign";
}): Promise<Report> {
  const period = resolvePeriod(query, now, zone);
  const scope = { orgId: actor.orgId, campaignId: query.campaignId };
  const whole = planHours(period.start, period.end);
  const current = await reportTotals(tx, { ...scope, plan: whole });
  const before = await reportTotals(tx, { ...scope, plan: planHours(period.prevStart, period.prevEnd) });
  const byDay = await reportByDay(tx, { ...scope, plan: planHours(period.start, period.end, zone), zone });
  const found = new Map(byDay.map((d) => [d.day, d.counts]));
  const days = period.days.map((day) => ({ day, counts: found.get(day) ?? ZERO_COUNTS }));
  const dayPlan = planDays(period.start, period.end);
  const heatmap = await reportLeadHours(tx, { ...scope, plan: query.campaignId ? dayPlan : whole });
  const campaigns =
    view === "dashboard" && !query.campaignId
      ? (await reportByCampaign(tx, { orgId: actor.orgId, plan: whole }))
          .filter((r) => r.counts.placed > 0 || r.counts.emails_sent > 0)
          .map((r) => ({
            campaignId: r.campaignId,
            name: r.name,
            simulator: r.simulator,
            figures: computeFigures(r.counts),
            caveats: caveatsOf(r.counts),
          }))
      : null;
  const attempts = view === "campaign" ? await reportAttempts(tx, { ...scope, plan: dayPlan }) : null;
  return {
    zone,
    period,
    current,
    figures: computeFigures(current),
    previous: computeFigures(before),
    caveats: caveatsOf(current),
    days,
    heatmap,
    campaigns,
    attempts,
  };
}
