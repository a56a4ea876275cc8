"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { getQueue } from "@/lib/integrations/queue";
import { logger } from "@/lib/logger";
import { orgActionClient } from "@/lib/next/safe-action";
import { changeCampaignStatusSchema, updateCampaignSettingsSchema } from "@/lib/schemas/campaign";
import { changeCampaignStatus } from "@/lib/services/campaigns/change-campaign-status";
import { updateCampaignSettings } from "@/lib/services/campaigns/update-campaign-settings";

function revalidateCampaign(id: string) {
  revalidatePath("/campaigns");
  revalidatePath(`/campaigns/${id}`);
}

export const changeCampaignStatusAction = orgActionClient
  .inputSchema(changeCampaignStatusSchema)
  .action(async ({ parsedInput, ctx }) => {
    const { campaign, tick, cancelledCalls } = await changeCampaignStatus({
      tx: ctx.tx,
      actor: ctx.actor,
      campaignId: parsedInput.campaignId,
      action: parsedInput.action,
      now: new Date(),
    });
    if (tick) {
      // After the response, hence after the action's transaction committed: the tick must see
      // the campaign active. A failed enqueue only delays calling until the next cron minute.
      after(async () => {
        try {
          await getQueue().enqueue({ type: "tick", campaignId: campaign.id });
        } catch (error) {
          logger.warn("tick enqueue after campaign start failed", {
            campaignId: campaign.id,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      });
    }
    revalidateCampaign(campaign.id);
    return { id: campaign.id, status: campaign.status, cancelledCalls };
  });

export const updateCampaignSettingsAction = orgActionClient
  .inputSchema(updateCampaignSettingsSchema)
  .action(async ({ parsedInput, ctx }) => {
    const campaign = await updateCampaignSettings({
      tx: ctx.tx,
      actor: ctx.actor,
      campaignId: parsedInput.campaignId,
      settings: parsedInput.settings,
    });
    revalidateCampaign(campaign.id);
    return { id: campaign.id };
  });
