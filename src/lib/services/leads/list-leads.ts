import type { Tx } from "@/lib/db/client";
import { countLeadsCapped, findCandidateLeadIds, hasLeads, listLeadsPage } from "@/lib/db/queries/leads";
import { isFiltered, LEAD_COUNT_CAP, LEAD_PAGE_SIZE, type LeadListQuery } from "@/lib/schemas/lead";
import { pageWithin } from "@/lib/schemas/list";
import type { Actor } from "../organizations/roles";

/**
 * One page of the lead table, its match count (capped, see `countLeadsCapped`) and whether the
 * organization has any lead at all, which tells "import a CSV" from "clear the filters" apart.
 *
 * A search or status filter first asks the indexes for its matches (`findCandidateLeadIds`). Up
 * to the cap, those ids narrow the page and the count, which keeps a rare name, number or status
 * fast at a million leads; past the cap the matches are common, so walking the leads in the
 * requested order finds a page of them quickly.
 */
export async function listLeads({ tx, actor, query }: { tx: Tx; actor: Actor; query: LeadListQuery }) {
  const orgId = actor.orgId;
  const { filter, sort, dir } = query;
  const found = await findCandidateLeadIds(tx, { orgId, filter, limit: LEAD_COUNT_CAP + 1 });
  const candidateIds = found && found.length <= LEAD_COUNT_CAP ? found : undefined;
  const total = await countLeadsCapped(tx, { orgId, filter, candidateIds });
  const page = pageWithin(query.page, total, LEAD_PAGE_SIZE);
  const rows = await listLeadsPage(tx, { orgId, filter, sort, dir, page, candidateIds });
  const hasAnyLead = total.count > 0 || (isFiltered(filter) && (await hasLeads(tx, { orgId })));
  return { rows, page, total: total.count, capped: total.capped, hasAnyLead };
}
