import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/lib/db/client";
import type { CsvRow } from "@/lib/schemas/lead-import";
import type { Actor } from "../organizations/roles";
import { getStagingImport } from "./get-staging-import";
import { loadImportContext, normalizeCsvRows } from "./normalize-rows";

/**
 * Normalizes a batch of CSV rows and stages them, valid or rejected, in one statement; a valid
 * row's warnings ride along as its reason, so the report can hand them back. A batch sent twice
 * (a retried request, a resumed import) overwrites itself row by row instead of doubling, and the
 * import records how far the file has been staged and when.
 */
export async function stageImportRows({
  tx,
  actor,
  importId,
  rows,
}: {
  tx: Tx;
  actor: Actor;
  importId: string;
  rows: CsvRow[];
}): Promise<{ valid: number; rejected: number; stagedRows: number; stagedThroughRow: number }> {
  // Locked: the tick abandoning this import and a batch arriving for it must not interleave.
  const { record, setup } = await getStagingImport(tx, { orgId: actor.orgId, importId, lock: true });
  const ctx = await loadImportContext(tx, { orgId: actor.orgId, campaignId: record.campaignId });
  const normalized = normalizeCsvRows(setup, rows, ctx);
  const payload = normalized.map((r) =>
    r.ok
      ? {
          row_number: r.row,
          status: "valid",
          lead: r.lead,
          raw: r.cells,
          phone: r.lead.phone,
          reason: r.warnings.length > 0 ? r.warnings.join("; ") : null,
        }
      : { row_number: r.row, status: "rejected", lead: null, raw: r.cells, phone: null, reason: r.reason },
  );
  const [progress] = rowsOf<{ staged_rows: number; staged_through_row: number }>(
    await tx.execute(sql`
    with staged as (
      insert into public.lead_import_rows (import_id, org_id, row_number, status, lead, raw, phone, reason)
      select ${importId}::uuid, ${actor.orgId}::uuid, r.row_number, r.status::public.import_row_status, r.lead,
             r.raw, r.phone, r.reason
      from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
        as r(row_number int, status text, lead jsonb, raw jsonb, phone text, reason text)
      on conflict (import_id, row_number) do update
        set status = excluded.status, lead = excluded.lead, raw = excluded.raw, phone = excluded.phone,
            reason = excluded.reason
      returning row_number, (xmax = 0) as inserted
    )
    update public.lead_imports
    set staged_rows = staged_rows + (select count(*) filter (where inserted) from staged)::int,
        staged_through_row = greatest(staged_through_row, (select max(row_number) from staged)),
        last_activity_at = now()
    where id = ${importId} and org_id = ${actor.orgId}
    returning staged_rows, staged_through_row`),
  );
  const rejected = normalized.filter((r) => !r.ok).length;
  return {
    valid: normalized.length - rejected,
    rejected,
    stagedRows: Number(progress?.staged_rows ?? 0),
    stagedThroughRow: Number(progress?.staged_through_row ?? 0),
  };
}
