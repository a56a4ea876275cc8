import type { ActivityQuery } from "@/lib/activity/kinds";
import { ACTIVITY_PAGE_SIZE } from "@/lib/activity/kinds";
import type { Tx } from "@/lib/db/client";
import { countAuditEntries, listAuditEntries } from "@/lib/db/queries/audit-log";
import { pageWithin } from "@/lib/schemas/list";
import type { Actor } from "../organizations/roles";

/**
 * One page of the activity feed, newest first, filtered by kind and person. Every member may ask:
 * RLS decides what they see (owners and admins everything; members their own actions and campaign
 * events), so the same query serves both and nothing here can widen it.
 */
export async function listActivity({ tx, actor, query }: { tx: Tx; actor: Actor; query: ActivityQuery }) {
  const filter = { kind: query.kind, actorId: query.person };
  const total = await countAuditEntries(tx, { orgId: actor.orgId, filter });
  const page = pageWithin(query.page, total, ACTIVITY_PAGE_SIZE);
  const rows =
    total.count === 0
      ? []
      : await listAuditEntries(tx, {
          orgId: actor.orgId,
          filter,
          limit: ACTIVITY_PAGE_SIZE,
          offset: (page - 1) * ACTIVITY_PAGE_SIZE,
        });
  return { rows, page, total: total.count, capped: total.capped, pageSize: ACTIVITY_PAGE_SIZE };
}

/** The latest few entries the member may see, for the dashboard. */
export async function latestActivity({ tx, actor, limit }: { tx: Tx; actor: Actor; limit: number }) {
  return listAuditEntries(tx, { orgId: actor.orgId, limit, offset: 0 });
}
