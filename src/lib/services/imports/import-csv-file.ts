import type { Database } from "@/lib/db/client";
import { type UserClaims, withUser } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import { guessMapping, type LeadField } from "@/lib/leads/csv/headers";
import { openCsvFile, streamCsvBatches } from "@/lib/leads/csv/read-csv-file";
import { IMPORT_BATCH_LIMITS, type ImportSetup, importSetupSchema } from "@/lib/schemas/lead-import";
import type { Actor } from "../organizations/roles";
import { commitImport, type ImportCounts } from "./commit-import";
import { stageImportRows } from "./stage-import-rows";
import { startImport } from "./start-import";

/**
 * A whole CSV file through the steps the browser takes, with the browser's own file reading and
 * batching (`read-csv-file.ts`): read and count the file, start, stage batch after batch each in
 * its own transaction, commit once. For server-side callers: benchmarks, scripts and tests.
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
  limits = IMPORT_BATCH_LIMITS,
  timings,
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
  limits?: typeof IMPORT_BATCH_LIMITS;
  /** Filled with the milliseconds spent staging (all batches) and committing, for benchmarks. */
  timings?: { stageMs: number; commitMs: number };
}): Promise<{ importId: string; counts: ImportCounts; batches: number }> {
  const { text, summary } = await openCsvFile(bytes, { previewRows: 0 });
  const parsed = importSetupSchema.safeParse({
    campaignId,
    headers: summary.headers,
    mapping: mapping ?? guessMapping(summary.headers),
    bulkConsent,
  });
  if (!parsed.success) {
    throw new AppError("validation", parsed.error.issues.map((i) => i.message).join(" "));
  }
  const file = {
    name: fileName,
    bytes: summary.bytes,
    rows: summary.rowCount,
    fingerprint: summary.fingerprint,
  };
  const { importId } = await withUser(
    user,
    (tx) => startImport({ tx, actor, input: { setup: parsed.data, file, duplicateMode } }),
    db,
  );
  let batches = 0;
  const staging = performance.now();
  await streamCsvBatches(text, {
    limits,
    onBatch: async (rows) => {
      batches++;
      await withUser(user, (tx) => stageImportRows({ tx, actor, importId, rows }), db);
    },
  });
  const committing = performance.now();
  const counts = await withUser(user, (tx) => commitImport({ tx, actor, importId }), db);
  if (timings) {
    timings.stageMs = committing - staging;
    timings.commitMs = performance.now() - committing;
  }
  return { importId, counts, batches };
}
