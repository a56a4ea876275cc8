import type { Tx } from "@/lib/db/client";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { listCalls } from "../calls/list-calls";
import type { Actor } from "../organizations/roles";
import { getCampaignProgress } from "./get-campaign-progress";
import { previewCampaign } from "./preview-campaign";

/** How many recent calls the campaign page lists. */
export const CAMPAIGN_PAGE_CALLS = 10;

/**
 * What the campaign page shows (RLS applies): the campaign, who a tick would call now and why the
 * others wait, its progress and its latest calls; null when the actor can't see the campaign.
 * Four statements: the campaign, one pass over its leads (the preview, which also counts them per
 * status and finds the next opening), three index lookups for its calls' figures, and the page of
 * its latest calls. The page runs them in one snapshot transaction (`withUser(…, { snapshot:
 * true })`) and refreshes the whole page the same way, so every figure on it is of one instant.
 */
export async function getCampaignPage({
  tx,
  actor,
  campaignId,
  now,
}: {
  tx: Tx;
  actor: Actor;
  campaignId: string;
  now: Date;
}) {
  const campaign = await getCampaign(tx, { orgId: actor.orgId, campaignId });
  if (!campaign) return null;
  const preview = await previewCampaign({ tx, actor, campaignId, now, campaign });
  const progress = await getCampaignProgress({ tx, actor, campaignId, now, campaign, preview });
  const calls = await listCalls({
    tx,
    actor,
    query: { page: 1, pageSize: CAMPAIGN_PAGE_CALLS, campaignId },
  });
  return { campaign, preview, progress, calls };
}
