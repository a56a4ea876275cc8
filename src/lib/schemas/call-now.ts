import { z } from "zod";

/** "Call now" on a lead: `acceptNextTime` once the person agreed to the next allowed time. */
export const callLeadNowSchema = z.object({
  leadId: z.uuid(),
  acceptNextTime: z.boolean().default(false),
});
export type CallLeadNowInput = z.infer<typeof callLeadNowSchema>;
