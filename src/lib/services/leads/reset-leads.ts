import type { Tx } from "@/lib/db/client";
import { resetLeads as resetLeadRows } from "@/lib/db/queries/leads";
import type { LeadSelection } from "@/lib/schemas/lead";
import type { Actor } from "../organizations/roles";

/**
 * Sends the selected leads back to pending with no attempts, in one statement. Numbers on the
 * do-not-call list and leads in a call right now are skipped and counted.
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
  return resetLeadRows(tx, { orgId: actor.orgId, selection });
}
