import type { Tx } from "@/lib/db/client";
import { violatesConstraint } from "@/lib/db/errors";
import { restoreLeads as restoreLeadRows } from "@/lib/db/queries/leads";
import { AppError } from "@/lib/errors";
import type { RestoreLeadsInput } from "@/lib/schemas/lead";
import { type Actor, assertAdmin } from "../organizations/roles";
import { auditLeadAction } from "./audit-lead-action";

const CONFLICT_HINT =
  "its campaign has a live lead with the same number again (imported since it was deleted). A campaign holds each number once: delete or erase one of the two first.";

/**
 * Takes trashed leads (ticked, or the whole trash) out of the trash, for owners and admins, and
 * records it in the audit log. A lead whose number its campaign has again as a live lead stays in
 * the trash: counted in `conflicts`, and an error when nothing could be restored.
 */
export async function restoreLeads({
  tx,
  actor,
  input,
  now,
}: {
  tx: Tx;
  actor: Actor;
  input: RestoreLeadsInput;
  now: Date;
}) {
  assertAdmin(actor, "restore deleted leads");
  let result: Awaited<ReturnType<typeof restoreLeadRows>>;
  try {
    result = await restoreLeadRows(tx, { orgId: actor.orgId, selection: input.selection, now });
  } catch (error) {
    // Only a lead written into the campaign between our check and the update gets here.
    if (violatesConstraint(error, "leads_campaign_id_phone_key")) {
      throw new AppError("conflict", "A lead with one of these numbers was added meanwhile. Try again.");
    }
    throw error;
  }
  if (result.matched === 0) {
    throw new AppError("not_found", "Those leads are no longer in the trash (restored or erased meanwhile).");
  }
  if (result.restored === 0) {
    throw new AppError(
      "conflict",
      result.conflicts === 1
        ? `Not restored: ${CONFLICT_HINT}`
        : `None restored: each one's ${CONFLICT_HINT}`,
    );
  }
  await auditLeadAction(tx, actor, {
    action: "leads.restore",
    count: result.restored,
    selection: input.selection,
    data: { conflicts: result.conflicts },
  });
  return result;
}
