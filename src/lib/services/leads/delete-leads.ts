import type { Tx } from "@/lib/db/client";
import { trashLeads } from "@/lib/db/queries/leads";
import type { LeadSelection } from "@/lib/schemas/lead";
import { type Actor, assertCanActOnFilter } from "../organizations/roles";
import { auditLeadAction } from "./audit-lead-action";

/**
 * Moves the selected leads (ticked rows, or everything matching a filter: admins only) to the
 * trash in one statement, and records it in the audit log. Nothing is removed: an admin can
 * restore them for 30 days, then the tick erases them.
 */
export async function deleteLeads({
  tx,
  actor,
  selection,
  now,
}: {
  tx: Tx;
  actor: Actor;
  selection: LeadSelection;
  now: Date;
}) {
  assertCanActOnFilter(actor, selection, "delete");
  const result = await trashLeads(tx, { orgId: actor.orgId, selection, actorId: actor.userId, now });
  await auditLeadAction(tx, actor, { action: "leads.trash", count: result.deleted, selection });
  return result;
}
