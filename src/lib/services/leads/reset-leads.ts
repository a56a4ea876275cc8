import type { Tx } from "@/lib/db/client";
import { resetLeads as resetLeadRows } from "@/lib/db/queries/leads";
import type { LeadSelection } from "@/lib/schemas/lead";
import type { Actor } from "../organizations/roles";
import { auditLeadAction } from "./audit-lead-action";

/**
 * Sends the selected leads back to pending with no attempts, in one statement, and records it in
 * the audit log. Numbers on the do-not-call list and leads in a call right now are skipped and
 * counted.
 */
export async function resetLeads({
  tx,
  actor,
  selection,
}: {
  tx: Tx;
  actor: Actor;
  selection: LeadSelection;
}) {
  const result = await resetLeadRows(tx, { orgId: actor.orgId, selection });
  await auditLeadAction(tx, actor, {
    action: "leads.reset",
    count: result.reset,
    selection,
    data: {
      matched: result.matched,
      skippedDoNotCall: result.skippedDoNotCall,
      skippedInCall: result.skippedInCall,
    },
  });
  return result;
}
