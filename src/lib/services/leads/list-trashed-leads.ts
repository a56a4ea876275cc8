import type { Tx } from "@/lib/db/client";
import { countTrashedLeads, listTrashedLeads as listTrashedLeadRows } from "@/lib/db/queries/leads";
import { purgeAt } from "@/lib/leads/trash";
import { TRASH_PAGE_SIZE } from "@/lib/schemas/lead";
import { pageWithin } from "@/lib/schemas/list";
import { type Actor, assertAdmin } from "../organizations/roles";

/**
 * One page of the trash for owners and admins: who deleted each lead, when, and when it is erased;
 * and how many leads it holds, counted up to the cap (`capped`).
 */
export async function listTrashedLeads({ tx, actor, page }: { tx: Tx; actor: Actor; page: number }) {
  assertAdmin(actor, "see deleted leads");
  const total = await countTrashedLeads(tx, { orgId: actor.orgId });
  const current = pageWithin(Math.max(1, page), total, TRASH_PAGE_SIZE);
  const rows =
    total.count === 0
      ? []
      : await listTrashedLeadRows(tx, {
          orgId: actor.orgId,
          limit: TRASH_PAGE_SIZE,
          offset: (current - 1) * TRASH_PAGE_SIZE,
        });
  return {
    rows: rows.map((r) => ({ ...r, purgeAt: purgeAt(r.deletedAt) })),
    total: total.count,
    capped: total.capped,
    page: current,
    pageSize: TRASH_PAGE_SIZE,
  };
}
