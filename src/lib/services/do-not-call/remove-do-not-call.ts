import type { Tx } from "@/lib/db/client";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";
import { countLeadsWithPhone, deleteDoNotCallEntry, getDoNotCallEntry } from "@/lib/db/queries/do-not-call";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { RemoveDoNotCallInput } from "@/lib/schemas/do-not-call";
import { type Actor, hasRole } from "../organizations/roles";

/**
 * Takes a number off the list (owners and admins; RLS enforces the same). Leads already marked
 * `do_not_call` stay marked: the person opted out, and calling them again is a decision someone
 * makes lead by lead in the lead table, not a side effect of editing the list. Audited by entry
 * id (the number itself stays out of the log).
 */
export async function removeDoNotCall({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: RemoveDoNotCallInput;
}) {
  if (!hasRole(actor.role, "admin")) {
    throw new AppError(
      "forbidden",
      "Only owners and admins can remove numbers from the do-not-call list, because it makes the number callable again.",
    );
  }
  const entry = await getDoNotCallEntry(tx, { orgId: actor.orgId, id: input.id });
  if (!entry) throw new AppError("not_found", "That number is not on the do-not-call list any more.");
  // RLS would filter the delete away silently; zero rows here means the role check above and the
  // policy disagree, which is still a refusal and not a success.
  if ((await deleteDoNotCallEntry(tx, { orgId: actor.orgId, id: entry.id })) === 0) {
    throw new AppError("forbidden", "You can't remove numbers from the do-not-call list.");
  }
  const leads = await countLeadsWithPhone(tx, { orgId: actor.orgId, phone: entry.phone });
  await insertAuditEntry(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: "do_not_call.remove",
    targetType: "do_not_call",
    targetId: entry.id,
    count: 1,
    data: { source: entry.source, leadsStillMarked: leads.marked },
  });
  logger.info("do-not-call entry removed", { orgId: actor.orgId, entryId: entry.id, by: actor.userId });
  return { phone: entry.phone, leadsStillMarked: leads.marked };
}
