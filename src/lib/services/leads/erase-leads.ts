import type { Tx } from "@/lib/db/client";
import { eraseLeadRecords, findLeadsOfSamePerson } from "@/lib/db/queries/lead-erasure";
import { findTrashedLeadIds, getLeadWithSource } from "@/lib/db/queries/leads";
import { asServiceRole } from "@/lib/db/service-role";
import { AppError } from "@/lib/errors";
import type { ErasePersonInput, EraseTrashedLeadsInput } from "@/lib/schemas/lead";
import { type Actor, assertAdmin } from "../organizations/roles";
import { auditLeadAction } from "./audit-lead-action";

/**
 * Erases the ticked leads of the trash now instead of after 30 days (owners and admins): the
 * leads and everything about them, as the tick's purge would (`eraseLeadRecords`, "unshared").
 * One audit row, with the lead ids and counts only.
 */
export async function eraseTrashedLeads({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: EraseTrashedLeadsInput;
}) {
  assertAdmin(actor, "erase leads");
  // Read under RLS as the member: only this organization's trashed leads are named.
  const ids = await findTrashedLeadIds(tx, {
    orgId: actor.orgId,
    selection: { mode: "ids", ids: input.ids },
    limit: input.ids.length,
  });
  if (ids.length === 0) throw new AppError("not_found", "Those leads are no longer in the trash.");
  // Calls, emails and webhook events are written only by trusted code: the erase runs as the
  // service role, on the ids found above and filtered by organization.
  const erased = await asServiceRole(tx, () =>
    eraseLeadRecords(tx, { orgId: actor.orgId, leadIds: ids, contacts: "unshared" }),
  );
  await auditLeadAction(tx, actor, {
    action: "leads.erase",
    count: erased.leads,
    selection: { mode: "ids", ids },
    data: { erased },
  });
  return erased;
}

/**
 * A privacy request ("erase everything you hold about me"), for owners and admins: the lead and
 * every other lead of the organization with its number (one person, several campaigns), in the
 * trash or not, with their calls, appointments, emails, history, webhook payloads and staged
 * import rows; payloads that name the number or address are found too. The do-not-call entry
 * stays (the record that they must not be called). The audit row names lead ids and counts only.
 */
export async function erasePerson({ tx, actor, input }: { tx: Tx; actor: Actor; input: ErasePersonInput }) {
  assertAdmin(actor, "erase a person's data");
  const found = await getLeadWithSource(tx, { orgId: actor.orgId, leadId: input.leadId });
  if (!found) throw new AppError("not_found", "That lead does not exist or was erased already.");
  const ids = await findLeadsOfSamePerson(tx, { orgId: actor.orgId, leadIds: [found.lead.id] });
  const erased = await asServiceRole(tx, () =>
    eraseLeadRecords(tx, { orgId: actor.orgId, leadIds: ids, contacts: "always" }),
  );
  await auditLeadAction(tx, actor, {
    action: "leads.erase_person",
    count: erased.leads,
    selection: { mode: "ids", ids },
    data: { requestedLeadId: found.lead.id, erased },
  });
  return erased;
}
