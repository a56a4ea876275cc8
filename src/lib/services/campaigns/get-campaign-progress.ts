import type { Tx } from "@/lib/db/client";
import { campaignCallStats } from "@/lib/db/queries/calls";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { countLeadsByStatus } from "@/lib/db/queries/leads";
import { AppError } from "@/lib/errors";
import type { LeadStatus } from "@/lib/schemas/lead";
import type { Actor } from "../organizations/roles";
import { nextOpening } from "./preview-campaign";

export type CampaignProgress = {
  status: string;
  pausedReason: string | null;
  totalLeads: number;
  leadsByStatus: Partial<Record<LeadStatus, number>>;
  openCalls: number;
  slots: number;
  callsToday: number;
  spendCents: number;
  spendCapCents: number | null;
  /** When a lead that is not callable now next becomes callable; null when none will. */
  nextEligibleAt: string | null;
  at: string;
};

/**
 * What a campaign page polls: leads per status, calls in flight against its slots, today's calls and
 * spend. `nextOpeningAt`, when the caller has it already (the page, from `previewCampaign`), saves
 * reading the campaign's leads again for it.
 */
export async function getCampaignProgress({
  tx,
  actor,
  campaignId,
  now,
  nextOpeningAt,
}: {
  tx: Tx;
  actor: Actor;
  campaignId: string;
  now: Date;
  nextOpeningAt?: Date | null;
}): Promise<CampaignProgress> {
  const campaign = await getCampaign(tx, { orgId: actor.orgId, campaignId });
  if (!campaign) throw new AppError("not_found", "That campaign doesn't exist.");
  const byStatus = await countLeadsByStatus(tx, { orgId: actor.orgId, campaignId });
  // "Today" is the campaign's default zone's calendar day, as for the daily call cap.
  const calls = await campaignCallStats(tx, {
    orgId: actor.orgId,
    campaignId,
    zone: campaign.defaultTimezone,
    now,
  });
  const leadsByStatus: Partial<Record<LeadStatus, number>> = {};
  let totalLeads = 0;
  for (const r of byStatus) {
    leadsByStatus[r.status] = Number(r.n);
    totalLeads += Number(r.n);
  }
  const next =
    campaign.status === "active" || campaign.status === "paused" || campaign.status === "draft"
      ? nextOpeningAt !== undefined
        ? nextOpeningAt
        : await nextOpening(tx, campaign, actor.orgId, now)
      : null;
  return {
    status: campaign.status,
    pausedReason: campaign.pausedReason,
    totalLeads,
    leadsByStatus,
    openCalls: calls.open,
    slots: campaign.maxConcurrentCalls,
    callsToday: calls.today,
    spendCents: calls.spend,
    spendCapCents: campaign.spendCapCents,
    nextEligibleAt: next ? next.toISOString() : null,
    at: now.toISOString(),
  };
}
