"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { getQueue } from "@/lib/integrations/queue";
import { logger } from "@/lib/logger";
import { orgActionClient } from "@/lib/next/safe-action";
import { callLeadNowSchema } from "@/lib/schemas/call-now";
import { callLeadNow } from "@/lib/services/calls/call-lead-now";

/** "Call now" on a lead: due now (and a tick queued), or the next allowed time offered or taken. */
export const callLeadNowAction = orgActionClient
  .inputSchema(callLeadNowSchema)
  .action(async ({ parsedInput, ctx }) => {
    const result = await callLeadNow({ tx: ctx.tx, actor: ctx.actor, input: parsedInput, now: new Date() });
    if (result.status === "calling") {
      // After the response, hence after the transaction committed: the tick must see the lead due.
      after(async () => {
        try {
          await getQueue().enqueue({ type: "tick", campaignId: result.campaignId });
        } catch (error) {
          logger.warn("tick enqueue after call now failed", {
            campaignId: result.campaignId,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      });
    }
    if (result.call.written) {
      revalidatePath(`/leads/${parsedInput.leadId}`);
      revalidatePath("/leads");
    }
    return {
      status: result.status,
      scheduledAt: result.call.scheduledAt.toISOString(),
      localTime: result.call.localTime,
      timezone: result.call.timezone,
      reason: result.call.reason ?? null,
    };
  });
