import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "@/lib/db/client";
import { eraseLeadRecords } from "@/lib/db/queries/lead-erasure";
import { withService } from "@/lib/db/with-user";
import { TRASH_RETENTION_DAYS } from "@/lib/leads/trash";
import { auditLeadAction } from "./audit-lead-action";

/** Leads erased per tick at most: a big trash empties over several ticks, each one short. */
export const PURGE_BATCH_SIZE = 200;

export type PurgeSummary = { leads: number; organizations: number };

/**
 * Erases leads that have been in the trash for `TRASH_RETENTION_DAYS`, oldest first, at most
 * `batchSize` per run, in every organization; one audit row per organization, with no actor.
 * Run by the tick. Leads are locked with SKIP LOCKED, so overlapping ticks never erase one twice.
 */
export async function purgeTrashedLeads({
  db,
  now,
  batchSize = PURGE_BATCH_SIZE,
}: {
  db: Database;
  now: Date;
  batchSize?: number;
}): Promise<PurgeSummary> {
  return withService(async (tx) => {
    const due = rowsOf<{ id: string; org_id: string }>(
      await tx.execute(sql`
        select id, org_id from public.leads
        where deleted_at is not null
          and deleted_at <= ${now.toISOString()}::timestamptz - make_interval(days => ${TRASH_RETENTION_DAYS})
        order by deleted_at
        limit ${batchSize}
        for update skip locked`),
    );
    const byOrg = new Map<string, string[]>();
    for (const row of due) byOrg.set(row.org_id, [...(byOrg.get(row.org_id) ?? []), row.id]);
    let leads = 0;
    for (const [orgId, leadIds] of byOrg) {
      const erased = await eraseLeadRecords(tx, { orgId, leadIds, contacts: "unshared" });
      leads += erased.leads;
      await auditLeadAction(
        tx,
        { orgId, userId: null },
        {
          action: "leads.purge",
          count: erased.leads,
          selection: { mode: "ids", ids: leadIds },
          data: { retentionDays: TRASH_RETENTION_DAYS, erased },
        },
      );
    }
    return { leads, organizations: byOrg.size };
  }, db);
}
