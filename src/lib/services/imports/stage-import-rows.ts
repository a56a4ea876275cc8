import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import type { CsvRow } from "@/lib/schemas/lead-import";
import type { Actor } from "../organizations/roles";
import { getStagingImport } from "./get-staging-import";
import { loadImportContext, normalizeCsvRows } from "./normalize-rows";

/**
 * Normalizes a batch of CSV rows and stages them, valid or rejected, in one statement. A batch
 * sent twice (a retried request) overwrites itself row by row instead of doubling.
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
}): Promise<{ valid: number; rejected: number }> {
  const { record, setup } = await getStagingImport(tx, { orgId: actor.orgId, importId });
  const ctx = await loadImportContext(tx, { orgId: actor.orgId, campaignId: record.campaignId });
  const normalized = normalizeCsvRows(setup, rows, ctx);
  const payload = normalized.map((r) =>
    r.ok
      ? { row_number: r.row, status: "valid", lead: r.lead, raw: r.cells, phone: r.lead.phone, reason: null }
      : { row_number: r.row, status: "rejected", lead: null, raw: r.cells, phone: null, reason: r.reason },
  );
  await tx.execute(sql`
    insert into public.lead_import_rows (import_id, org_id, row_number, status, lead, raw, phone, reason)
    select ${importId}::uuid, ${actor.orgId}::uuid, r.row_number, r.status::public.import_row_status, r.lead, r.raw,
           r.phone, r.reason
    from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
      as r(row_number int, status text, lead jsonb, raw jsonb, phone text, reason text)
    on conflict (import_id, row_number) do update
      set status = excluded.status, lead = excluded.lead, raw = excluded.raw, phone = excluded.phone,
          reason = excluded.reason`);
  const rejected = normalized.filter((r) => !r.ok).length;
  return { valid: normalized.length - rejected, rejected };
}
