import { z } from "zod";
import type { Database } from "@/lib/db/client";
import { setCallDoNotCall } from "@/lib/db/queries/calls";
import { insertDoNotCallEntries } from "@/lib/db/queries/do-not-call";
import { withService } from "@/lib/db/with-user";
import { logger } from "@/lib/logger";
import { auditOptOut } from "../do-not-call/audit-opt-out";
import type { ToolCall } from "./tool-context";
import type { ToolResponse } from "./types";

export const markDoNotCallArgs = z.object({ reason: z.string().max(500).optional() });

/**
 * mark_do_not_call: puts the lead's number on the organization's list at once (the list's
 * trigger marks its leads in every campaign, so none is claimed again) and records the outcome
 * on the call. Asking twice changes nothing.
 */
export async function markDoNotCall({
  db,
  call,
  args,
  now,
}: {
  db: Database;
  call: ToolCall;
  args: z.infer<typeof markDoNotCallArgs>;
  now: Date;
}): Promise<ToolResponse> {
  const result = await withService(async (tx) => {
    const inserted = await insertDoNotCallEntries(tx, {
      orgId: call.orgId,
      entries: [
        {
          phone: call.phone,
          reason: args.reason?.trim() || "Asked not to be called again (during the call)",
        },
      ],
      source: "call",
      addedBy: null,
    });
    await setCallDoNotCall(tx, { orgId: call.orgId, callId: call.callId, now });
    if (inserted.added.length > 0) await auditOptOut(tx, call.orgId, call.callId, inserted.leadsMarked);
    return inserted;
  }, db);
  logger.info("tools: do-not-call added", { callId: call.callId, added: result.added.length > 0 });
  return { ok: true, result: "Done: this number is on the do-not-call list and will not be called again." };
}
