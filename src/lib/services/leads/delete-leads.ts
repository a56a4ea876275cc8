import type { Tx } from "@/lib/db/client";
import { deleteLeads as deleteLeadRows } from "@/lib/db/queries/leads";
import type { LeadSelection } from "@/lib/schemas/lead";
import type { Actor } from "../organizations/roles";

/** Deletes the selected leads (ticked rows or everything matching a filter) in one statement. */
export async function deleteLeads({
  tx,
  actor,
  selection,
}: {
  tx: Tx;
  actor: Actor;
  selection: LeadSelection;
}) {
  return deleteLeadRows(tx, { orgId: actor.orgId, selection });
}
