import Papa from "papaparse";
import type { Tx } from "@/lib/db/client";
import { listDoNotCallBatch } from "@/lib/db/queries/do-not-call";
import { spreadsheetSafe } from "./csv-cells";

export const DNC_EXPORT_COLUMNS = ["phone", "reason", "source", "added_by", "added_at"] as const;

const BATCH = 5_000;

/**
 * The organization's whole list as CSV, in chunks (keyset batches by number, so memory stays flat
 * however long the list). UTF-8 with a BOM so Excel reads accents right; the columns are the ones
 * the do-not-call import reads back (`phone`, `reason`).
 */
export async function* exportDoNotCallCsv({ tx, orgId }: { tx: Tx; orgId: string }): AsyncGenerator<string> {
  yield `\uFEFF${Papa.unparse([[...DNC_EXPORT_COLUMNS]])}\r\n`;
  let afterPhone: string | undefined;
  for (;;) {
    const rows = await listDoNotCallBatch(tx, { orgId, afterPhone, limit: BATCH });
    if (rows.length === 0) return;
    const data = rows.map((r) =>
      [r.phone, r.reason ?? "", r.source, r.addedByEmail ?? "", r.createdAt.toISOString()].map(
        spreadsheetSafe,
      ),
    );
    yield `${Papa.unparse(data)}\r\n`;
    afterPhone = rows[rows.length - 1]?.phone;
    if (rows.length < BATCH) return;
  }
}
