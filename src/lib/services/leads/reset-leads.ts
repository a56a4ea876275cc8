import type { Tx } from "@/lib/db/client";
import { previewResetLeads, resetLeads as resetLeadRows } from "@/lib/db/queries/leads";
import type { LeadSelection, ResetLeadsInput } from "@/lib/schemas/lead";
import type { Actor } from "../organizations/roles";
import { auditLeadAction } from "./audit-lead-action";

/**
 * Sends the selected leads back to pending with no attempts, in one statement, and records it in
 * the audit log. Numbers on the do-not-call list, leads in a call right now and (unless included)
 * leads that booked are skipped and counted.
 */
export async function resetLeads({
  tx,
  actor,
  selection,
  includeBooked = false,
}: {
  tx: Tx;
  actor: Actor;
  selection: LeadSelection;
  includeBooked?: boolean;
}) {
  const result = await resetLeadRows(tx, { orgId: actor.orgId, selection, includeBooked });
  await auditLeadAction(tx, actor, {
    action: "leads.reset",
    count: result.reset,
    selection,
    data: {
      matched: result.matched,
      includeBooked,
      skippedDoNotCall: result.skippedDoNotCall,
      skippedInCall: result.skippedInCall,
      skippedBooked: result.skippedBooked,
    },
  });
  return result;
}

/** What `resetLeads` would do to the selection, for the confirmation (reads only). */
export async function previewReset({ tx, actor, input }: { tx: Tx; actor: Actor; input: ResetLeadsInput }) {
  return previewResetLeads(tx, { orgId: actor.orgId, ...input });
}
