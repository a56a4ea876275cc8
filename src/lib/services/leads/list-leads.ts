import type { Tx } from "@/lib/db/client";
import {
  countLeadIdsCapped,
  countLeadsCapped,
  findCandidateLeadIds,
  findLeadPageIds,
  hasLeads,
  listLeadsPage,
} from "@/lib/db/queries/leads";
import { isFiltered, LEAD_COUNT_CAP, LEAD_PAGE_SIZE, type LeadListQuery } from "@/lib/schemas/lead";
import { pageWithin } from "@/lib/schemas/list";
import type { Actor } from "../organizations/roles";

/**
 * One page of the lead table, its match count (capped, see `countLeadsCapped`) and whether the
 * organization has any lead at all, which tells "import a CSV" from "clear the filters" apart.
 *
 * A search or status filter first asks the indexes for its matches (`findCandidateLeadIds`). Up
 * to the cap, those ids narrow the page and the count, which keeps a rare name, number or status
 * fast at a million leads. Past the cap the matches are common, and the page's ids come from
 * `findLeadPageIds`, which walks the sort's index as the function's owner (so does a term too
 * short for the trigram index): under RLS the planner
 * can't see the search column's statistics, takes any term of seven letters or more for a rare
 * one and would read and sort every lead (docs/decisions/0012-search-and-import.md). Either way
 * the rows themselves are read under RLS.
 */
export async function listLeads({ tx, actor, query }: { tx: Tx; actor: Actor; query: LeadListQuery }) {
  const orgId = actor.orgId;
  const { filter, sort, dir } = query;
  const found = await findCandidateLeadIds(tx, { orgId, filter, limit: LEAD_COUNT_CAP + 1 });
  // A term too short for a trigram (`findCandidateLeadIds` answers null) goes the same way: its
  // plan under RLS would be as much a guess.
  const common = found === null ? Boolean(filter.q) : found.length > LEAD_COUNT_CAP;
  const total = common
    ? await countLeadIdsCapped(tx, { orgId, filter })
    : await countLeadsCapped(tx, { orgId, filter, candidateIds: found ?? undefined });
  const page = pageWithin(query.page, total, LEAD_PAGE_SIZE);
  const rows = common
    ? await listLeadsPage(tx, {
        orgId,
        filter,
        sort,
        dir,
        page: 1,
        candidateIds: await findLeadPageIds(tx, { orgId, filter, sort, dir, page }),
      })
    : await listLeadsPage(tx, { orgId, filter, sort, dir, page, candidateIds: found ?? undefined });
  const hasAnyLead = total.count > 0 || (isFiltered(filter) && (await hasLeads(tx, { orgId })));
  return { rows, page, total: total.count, capped: total.capped, hasAnyLead };
}
