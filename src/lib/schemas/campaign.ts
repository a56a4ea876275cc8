import { z } from "zod";
import { timeZoneSchema } from "./organization";

export const createCampaignSchema = z.object({
  name: z.string().trim().min(2, "Name the campaign.").max(120),
  defaultTimezone: timeZoneSchema,
  requireConsent: z.boolean().default(false),
});
export type CreateCampaignInput = z.infer<typeof createCampaignSchema>;
