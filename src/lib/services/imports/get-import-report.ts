import { and, asc, eq, inArray } from "drizzle-orm";
import { toCsv } from "@/lib/csv/write-csv";
import type { Tx } from "@/lib/db/client";
import { leadImportRows, leadImports } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

/**
 * An import's outcome and the rows the person should look at: those that did not land (rejected
 * or skipped) and those that landed with a warning (imported or updated), each with its reason.
 */
export async function getImportReport({
  tx,
  orgId,
  importId,
  limit,
}: {
  tx: Tx;
  orgId: string;
  importId: string;
  limit?: number;
}) {
  const [record] = await tx
    .select()
    .from(leadImports)
    .where(and(eq(leadImports.orgId, orgId), eq(leadImports.id, importId)));
  if (!record) throw new AppError("not_found", "That import does not exist.");
  const query = tx
    .select({
      row: leadImportRows.rowNumber,
      status: leadImportRows.status,
      reason: leadImportRows.reason,
      raw: leadImportRows.raw,
    })
    .from(leadImportRows)
    .where(
      and(
        eq(leadImportRows.orgId, orgId),
        eq(leadImportRows.importId, importId),
        inArray(leadImportRows.status, ["rejected", "skipped", "imported", "updated"]),
      ),
    )
    .orderBy(asc(leadImportRows.rowNumber));
  const rows = limit ? await query.limit(limit) : await query;
  const headers = ((record.options as { headers?: string[] }).headers ?? []) as string[];
  return { record, headers, rows };
}

/**
 * The report as CSV: the original columns plus row number, outcome and reason (for a lead that
 * landed with a warning, the warning).
 */
export function rejectedRowsCsv(report: Awaited<ReturnType<typeof getImportReport>>): string {
  return toCsv(
    [...report.headers, "row", "outcome", "reason"],
    report.rows.map((r) => [...report.headers.map((_, i) => r.raw[i] ?? ""), r.row, r.status, r.reason]),
  );
}
