import type { Tx } from "@/lib/db/client";
import { countAuditEntries, listAuditEntries } from "@/lib/db/queries/audit-log";
import { pageWithin } from "@/lib/schemas/list";
import { type Actor, assertAdmin } from "../organizations/roles";

/** Rows per page of the audit log. */
export const AUDIT_PAGE_SIZE = 50;

/**
 * One page of the organization's audit log, newest first, for owners and admins (RLS agrees), and
 * how many entries it has, counted up to the cap (`capped`).
 */
export async function listAuditLog({ tx, actor, page }: { tx: Tx; actor: Actor; page: number }) {
  assertAdmin(actor, "read the audit log");
  const total = await countAuditEntries(tx, { orgId: actor.orgId });
  const current = pageWithin(Math.max(1, page), total, AUDIT_PAGE_SIZE);
  const rows =
    total.count === 0
      ? []
      : await listAuditEntries(tx, {
          orgId: actor.orgId,
          limit: AUDIT_PAGE_SIZE,
          offset: (current - 1) * AUDIT_PAGE_SIZE,
        });
  return { rows, total: total.count, capped: total.capped, page: current, pageSize: AUDIT_PAGE_SIZE };
}
