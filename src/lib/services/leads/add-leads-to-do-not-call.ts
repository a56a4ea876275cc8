import type { Tx } from "@/lib/db/client";
import { addLeadPhonesToDoNotCall } from "@/lib/db/queries/leads";
import type { AddLeadsToDoNotCallInput } from "@/lib/schemas/lead";
import type { Actor } from "../organizations/roles";
import { auditLeadAction } from "./audit-lead-action";

/**
 * Puts the selected leads' numbers on the organization's do-not-call list (source "manual") in
 * one statement, and records it in the audit log; the database trigger marks every lead with
 * those numbers, in every campaign.
 */
export async function addLeadsToDoNotCall({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: AddLeadsToDoNotCallInput;
}) {
  const result = await addLeadPhonesToDoNotCall(tx, {
    orgId: actor.orgId,
    selection: input.selection,
    reason: input.reason,
    addedBy: actor.userId,
  });
  await auditLeadAction(tx, actor, {
    action: "leads.do_not_call",
    count: result.added,
    selection: input.selection,
    data: { numbers: result.phones, alreadyListed: result.alreadyListed },
  });
  return result;
}
