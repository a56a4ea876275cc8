import type { Database } from "@/lib/db/client";
import { type UserClaims, withUser } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import { decodeCsvBytes } from "@/lib/leads/csv/decode";
import { guessMapping, type LeadField } from "@/lib/leads/csv/headers";
import { parseCsv, parseCsvPreview } from "@/lib/leads/csv/parse";
import { type CsvRow, IMPORT_LIMITS, type ImportSetup, importSetupSchema } from "@/lib/schemas/lead-import";
import type { Actor } from "../organizations/roles";
import { commitImport, type ImportCounts } from "./commit-import";
import { stageImportRows } from "./stage-import-rows";
import { startImport } from "./start-import";

/**
 * A whole CSV file through the same steps the browser takes (start, staged batches each in its
 * own transaction, one commit), for server-side callers: benchmarks, scripts and tests.
 */
export async function importCsvFile({
  db,
  user,
  actor,
  campaignId,
  bytes,
  fileName,
  duplicateMode = "skip",
  mapping,
  bulkConsent,
  batchRows = IMPORT_LIMITS.batchRows,
}: {
  db?: Database;
  user: UserClaims;
  actor: Actor;
  campaignId: string;
  bytes: Uint8Array;
  fileName: string;
  duplicateMode?: "skip" | "update";
  mapping?: (LeadField | null)[];
  bulkConsent?: ImportSetup["bulkConsent"];
  batchRows?: number;
}): Promise<{ importId: string; counts: ImportCounts }> {
  const { text } = decodeCsvBytes(bytes);
  const { headers } = parseCsvPreview(text, 1);
  const parsed = importSetupSchema.safeParse({
    campaignId,
    headers,
    mapping: mapping ?? guessMapping(headers),
    bulkConsent,
  });
  if (!parsed.success) {
    throw new AppError("validation", parsed.error.issues.map((i) => i.message).join(" "));
  }
  const setup = parsed.data;
  const { importId } = await withUser(
    user,
    (tx) => startImport({ tx, actor, input: { setup, fileName, duplicateMode } }),
    db,
  );
  let batch: CsvRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    await withUser(user, (tx) => stageImportRows({ tx, actor, importId, rows }), db);
  };
  await parseCsv(text, {
    onRows: async (rows, _progress, rowNumbers) => {
      rows.forEach((cells, i) => {
        batch.push({ row: rowNumbers[i] ?? 0, cells });
      });
      if (batch.length >= batchRows) await flush();
    },
  });
  await flush();
  const counts = await withUser(user, (tx) => commitImport({ tx, actor, importId }), db);
  return { importId, counts };
}
