import type { Tx } from "@/lib/db/client";
import { getLeadWithSource, listLeadEvents } from "@/lib/db/queries/leads";
import { AppError } from "@/lib/errors";
import type { Actor } from "../organizations/roles";

/** A lead for its page: fields, campaign, the import it came from and its history. */
export async function getLeadDetails({ tx, actor, leadId }: { tx: Tx; actor: Actor; leadId: string }) {
  const row = await getLeadWithSource(tx, { orgId: actor.orgId, leadId });
  if (!row) throw new AppError("not_found", "That lead does not exist or was deleted.");
  const events = await listLeadEvents(tx, { orgId: actor.orgId, leadId });
  return {
    lead: row.lead,
    campaignName: row.campaignName,
    source:
      row.importFileName && row.importCreatedAt
        ? { fileName: row.importFileName, importedAt: row.importCreatedAt }
        : null,
    events,
  };
}
