import type { Tx } from "@/lib/db/client";
import { countTrashedLeads, listTrashedLeads as listTrashedLeadRows } from "@/lib/db/queries/leads";
import { purgeAt } from "@/lib/leads/trash";
import { TRASH_PAGE_SIZE } from "@/lib/schemas/lead";
import { type Actor, assertAdmin } from "../organizations/roles";

/** One page of the trash for owners and admins: who deleted each lead, when, and when it is erased. */
export async function listTrashedLeads({ tx, actor, page }: { tx: Tx; actor: Actor; page: number }) {
  assertAdmin(actor, "see deleted leads");
  const total = await countTrashedLeads(tx, { orgId: actor.orgId });
  const pageCount = Math.max(1, Math.ceil(total / TRASH_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows =
    total === 0
      ? []
      : await listTrashedLeadRows(tx, {
          orgId: actor.orgId,
          limit: TRASH_PAGE_SIZE,
          offset: (current - 1) * TRASH_PAGE_SIZE,
        });
  return {
    rows: rows.map((r) => ({ ...r, purgeAt: purgeAt(r.deletedAt) })),
    total,
    page: current,
    pageSize: TRASH_PAGE_SIZE,
  };
}
