"use server";

import { revalidatePath } from "next/cache";
import { orgActionClient } from "@/lib/next/safe-action";
import { createCampaignSchema } from "@/lib/schemas/campaign";
import { createCampaign } from "@/lib/services/campaigns/create-campaign";

export const createCampaignAction = orgActionClient
  .inputSchema(createCampaignSchema)
  .action(async ({ parsedInput, ctx }) => {
    const campaign = await createCampaign({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
    revalidatePath("/campaigns");
    return { id: campaign.id, name: campaign.name };
  });
