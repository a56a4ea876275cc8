import type { Tx } from "@/lib/db/client";
import { getLeadWithSource, listLeadEvents } from "@/lib/db/queries/leads";
import { AppError } from "@/lib/errors";
import { purgeAt } from "@/lib/leads/trash";
import { type Actor, hasRole } from "../organizations/roles";

/**
 * A lead for its page: fields, campaign, the import it came from and its history. A lead in the
 * trash is shown to owners and admins only (to restore or erase it), with who trashed it and when
 * it is erased; for members it is gone.
 */
export async function getLeadDetails({ tx, actor, leadId }: { tx: Tx; actor: Actor; leadId: string }) {
  const row = await getLeadWithSource(tx, { orgId: actor.orgId, leadId });
  if (!row || (row.lead.deletedAt && !hasRole(actor.role, "admin"))) {
    throw new AppError("not_found", "That lead does not exist or was deleted.");
  }
  const events = await listLeadEvents(tx, { orgId: actor.orgId, leadId });
  return {
    lead: row.lead,
    campaignName: row.campaignName,
    source:
      row.importFileName && row.importCreatedAt
        ? { fileName: row.importFileName, importedAt: row.importCreatedAt }
        : null,
    trash: row.lead.deletedAt
      ? {
          deletedAt: row.lead.deletedAt,
          deletedBy: row.deletedByName ?? row.deletedByEmail,
          purgeAt: purgeAt(row.lead.deletedAt),
        }
      : null,
    events,
  };
}
