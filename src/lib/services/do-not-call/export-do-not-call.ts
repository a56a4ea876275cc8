import { csvLines, toCsv } from "@/lib/csv/write-csv";
import type { Tx } from "@/lib/db/client";
import { listDoNotCallBatch } from "@/lib/db/queries/do-not-call";

export const DNC_EXPORT_COLUMNS = ["phone", "reason", "source", "added_by", "added_at"] as const;

const BATCH = 5_000;

/**
 * The organization's whole list as CSV, in chunks (keyset batches by number, so memory stays flat
 * however long the list). UTF-8 with a BOM so Excel reads accents right; the columns are the ones
 * the do-not-call import reads back (`phone`, `reason`).
 */
export async function* exportDoNotCallCsv({ tx, orgId }: { tx: Tx; orgId: string }): AsyncGenerator<string> {
  yield toCsv(DNC_EXPORT_COLUMNS, []);
  let afterPhone: string | undefined;
  for (;;) {
    const rows = await listDoNotCallBatch(tx, { orgId, afterPhone, limit: BATCH });
    if (rows.length === 0) return;
    yield csvLines(rows.map((r) => [r.phone, r.reason, r.source, r.addedByEmail, r.createdAt.toISOString()]));
    afterPhone = rows[rows.length - 1]?.phone;
    if (rows.length < BATCH) return;
  }
}
