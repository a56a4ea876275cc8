import { and, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/lib/db/client";
import { leadImportRows, leadImports } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { formatFileSize } from "@/lib/format-size";
import type { ImportFile } from "@/lib/schemas/lead-import";
import type { Actor } from "../organizations/roles";

function describeFile(file: { name: string; bytes: number | null; rows: number | null }): string {
  const size = file.bytes === null ? "" : `, ${formatFileSize(file.bytes)}`;
  return `${file.name} (${(file.rows ?? 0).toLocaleString("en-US")} rows${size})`;
}

/**
 * Takes an interrupted import up again with the same file, chosen again in the browser (the file
 * never reaches the server; its size, row count and fingerprint tell it is the same one). A
 * staging import continues after the last staged row; an abandoned one, whose rows the tick
 * freed, starts again from the first row with the same mapping and options. Staging that lost
 * rows (the unlogged table after a database crash) also starts again rather than commit a gap.
 */
export async function resumeImport({
  tx,
  actor,
  importId,
  file,
}: {
  tx: Tx;
  actor: Actor;
  importId: string;
  file: ImportFile;
}): Promise<{ afterRow: number; stagedRows: number; fromStart: boolean }> {
  const [record] = await tx
    .select()
    .from(leadImports)
    .where(
      and(
        eq(leadImports.orgId, actor.orgId),
        eq(leadImports.id, importId),
        inArray(leadImports.status, ["staging", "abandoned"]),
      ),
    )
    .for("update");
  if (!record) throw new AppError("not_found", "There is no unfinished import with that id to resume.");
  if (record.fileFingerprint === null) {
    throw new AppError(
      "conflict",
      "This import started before imports could be resumed: discard it and import the file again.",
    );
  }
  if (
    record.fileFingerprint !== file.fingerprint ||
    record.fileBytes !== file.bytes ||
    record.fileRows !== file.rows
  ) {
    throw new AppError(
      "conflict",
      `That is not the file this import was reading: it expects ${describeFile({ name: record.fileName, bytes: record.fileBytes, rows: record.fileRows })}, and ${describeFile(file)} differs from it. Choose the same file, or discard this import and start a new one.`,
    );
  }

  const [staged] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      select count(*)::int as n from public.lead_import_rows where import_id = ${importId} and org_id = ${actor.orgId}`),
  );
  const fromStart = record.status === "abandoned" || Number(staged?.n ?? 0) !== record.stagedRows;
  if (fromStart) {
    await tx
      .delete(leadImportRows)
      .where(and(eq(leadImportRows.orgId, actor.orgId), eq(leadImportRows.importId, importId)));
  }
  const [resumed] = await tx
    .update(leadImports)
    .set({
      status: "staging",
      error: null,
      lastActivityAt: sql`now()`,
      ...(fromStart ? { stagedRows: 0, stagedThroughRow: 0 } : {}),
    })
    .where(and(eq(leadImports.orgId, actor.orgId), eq(leadImports.id, importId)))
    .returning({ stagedRows: leadImports.stagedRows, stagedThroughRow: leadImports.stagedThroughRow });
  if (!resumed) throw new Error("update of lead_imports returned nothing");
  return { afterRow: resumed.stagedThroughRow, stagedRows: resumed.stagedRows, fromStart };
}
