import type { Tx } from "@/lib/db/client";
import {
  countLeadIdsCapped,
  countLeadsCapped,
  findLeadPageIds,
  hasLeads,
  listLeadsPage,
  narrowsThroughLeadIndexes,
} from "@/lib/db/queries/leads";
import { isFiltered, LEAD_PAGE_SIZE, type LeadListQuery } from "@/lib/schemas/lead";
import { pageWithin } from "@/lib/schemas/list";
import type { Actor } from "../organizations/roles";

/**
 * One page of the lead table, its match count (capped, see `countLeadsCapped`) and whether the
 * organization has any lead at all, which tells "import a CSV" from "clear the filters" apart.
 *
 * A search or status filter is counted and paged by `private.lead_ids_page` (through
 * `countLeadIdsCapped` and `findLeadPageIds`), which runs as its owner: under RLS the planner can
 * neither use those conditions' indexes nor see their statistics, took any term of seven letters
 * or more for a rare one and read and sorted every lead (1.6 s at a million;
 * docs/decisions/0012-search-and-import.md). The page's rows are then read under RLS by id.
 */
export async function listLeads({ tx, actor, query }: { tx: Tx; actor: Actor; query: LeadListQuery }) {
  const orgId = actor.orgId;
  const { filter, sort, dir } = query;
  if (!narrowsThroughLeadIndexes(filter)) {
    const total = await countLeadsCapped(tx, { orgId, filter });
    const page = pageWithin(query.page, total, LEAD_PAGE_SIZE);
    const rows = await listLeadsPage(tx, { orgId, filter, sort, dir, page });
    const hasAnyLead = total.count > 0 || (isFiltered(filter) && (await hasLeads(tx, { orgId })));
    return { rows, page, total: total.count, capped: total.capped, hasAnyLead };
  }
  const total = await countLeadIdsCapped(tx, { orgId, filter });
  const page = pageWithin(query.page, total, LEAD_PAGE_SIZE);
  // Past the cap the matches are many, and walking the sort's index finds a page of them soonest.
  const ids = await findLeadPageIds(tx, { orgId, filter, sort, dir, page, walk: total.capped });
  const rows = await listLeadsPage(tx, { orgId, filter, sort, dir, page: 1, candidateIds: ids });
  const hasAnyLead = total.count > 0 || (await hasLeads(tx, { orgId }));
  return { rows, page, total: total.count, capped: total.capped, hasAnyLead };
}
