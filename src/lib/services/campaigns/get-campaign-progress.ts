import type { Tx } from "@/lib/db/client";
import { campaignCallStats } from "@/lib/db/queries/calls";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { AppError } from "@/lib/errors";
import type { LeadStatus } from "@/lib/schemas/lead";
import type { Actor } from "../organizations/roles";
import { type Campaign, type CampaignPreview, previewCampaign } from "./preview-campaign";

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
 * A campaign's progress: leads per status, calls in flight against its slots, today's calls and
 * spend, and when the next lead opens. The leads are read once, by the preview (`preview`, when
 * the caller has it from this transaction, as the campaign page does); the calls by three index
 * lookups (`campaignCallStats`).
 */
export async function getCampaignProgress({
  tx,
  actor,
  campaignId,
  now,
  campaign: read,
  preview: given,
}: {
  tx: Tx;
  actor: Actor;
  campaignId: string;
  now: Date;
  campaign?: Campaign;
  preview?: CampaignPreview;
}): Promise<CampaignProgress> {
  const campaign = read ?? (await getCampaign(tx, { orgId: actor.orgId, campaignId }));
  if (!campaign) throw new AppError("not_found", "That campaign doesn't exist.");
  const preview = given ?? (await previewCampaign({ tx, actor, campaignId, now, campaign }));
  // "Today" is the campaign's default zone's calendar day, as for the daily call cap.
  const calls = await campaignCallStats(tx, {
    orgId: actor.orgId,
    campaignId,
    zone: campaign.defaultTimezone,
    now,
  });
  const next =
    campaign.status === "active" || campaign.status === "paused" || campaign.status === "draft"
      ? preview.nextCallableAt
      : null;
  return {
    status: campaign.status,
    pausedReason: campaign.pausedReason,
    totalLeads: preview.total,
    leadsByStatus: preview.byStatus,
    openCalls: calls.open,
    slots: campaign.maxConcurrentCalls,
    callsToday: calls.today,
    spendCents: calls.spend,
    spendCapCents: campaign.spendCapCents,
    nextEligibleAt: next ? next.toISOString() : null,
    at: now.toISOString(),
  };
}
