"use server";

import { revalidatePath } from "next/cache";
import { orgActionClient } from "@/lib/next/safe-action";
import {
  importIdSchema,
  previewImportSchema,
  resumeImportSchema,
  stageImportRowsSchema,
  startImportSchema,
} from "@/lib/schemas/lead-import";
import { cancelImport } from "@/lib/services/imports/cancel-import";
import { commitImport } from "@/lib/services/imports/commit-import";
import { getImportReport } from "@/lib/services/imports/get-import-report";
import { previewImport } from "@/lib/services/imports/preview-import";
import { resumeImport } from "@/lib/services/imports/resume-import";
import { stageImportRows } from "@/lib/services/imports/stage-import-rows";
import { startImport } from "@/lib/services/imports/start-import";

export const previewImportAction = orgActionClient
  .inputSchema(previewImportSchema)
  .action(async ({ parsedInput, ctx }) =>
    previewImport({ tx: ctx.tx, actor: ctx.actor, setup: parsedInput.setup, rows: parsedInput.rows }),
  );

export const startImportAction = orgActionClient
  .inputSchema(startImportSchema)
  .action(async ({ parsedInput, ctx }) => startImport({ tx: ctx.tx, actor: ctx.actor, input: parsedInput }));

export const stageImportRowsAction = orgActionClient
  .inputSchema(stageImportRowsSchema)
  .action(async ({ parsedInput, ctx }) =>
    stageImportRows({ tx: ctx.tx, actor: ctx.actor, importId: parsedInput.importId, rows: parsedInput.rows }),
  );

export const commitImportAction = orgActionClient
  .inputSchema(importIdSchema)
  .action(async ({ parsedInput, ctx }) => {
    const counts = await commitImport({ tx: ctx.tx, actor: ctx.actor, importId: parsedInput.importId });
    revalidatePath("/leads");
    revalidatePath("/campaigns");
    return counts;
  });

/** Cancel a running import, or discard an unfinished one; its staged rows are freed. */
export const cancelImportAction = orgActionClient
  .inputSchema(importIdSchema)
  .action(async ({ parsedInput, ctx }) => {
    await cancelImport({ tx: ctx.tx, actor: ctx.actor, importId: parsedInput.importId });
    revalidatePath("/leads/import");
    return { ok: true };
  });

export const resumeImportAction = orgActionClient
  .inputSchema(resumeImportSchema)
  .action(async ({ parsedInput, ctx }) =>
    resumeImport({ tx: ctx.tx, actor: ctx.actor, importId: parsedInput.importId, file: parsedInput.file }),
  );

/** The first rows that did not land or came with a warning, for the result screen. */
export const importReportAction = orgActionClient
  .inputSchema(importIdSchema)
  .action(async ({ parsedInput, ctx }) => {
    const report = await getImportReport({
      tx: ctx.tx,
      orgId: ctx.actor.orgId,
      importId: parsedInput.importId,
      limit: 200,
    });
    return {
      headers: report.headers,
      counts: {
        imported: report.record.importedCount,
        updated: report.record.updatedCount,
        skipped: report.record.skippedCount,
        rejected: report.record.rejectedCount,
        warned: report.record.warnedCount,
        total: report.record.totalRows,
      },
      rows: report.rows.map((r) => ({ row: r.row, status: r.status, reason: r.reason, raw: r.raw })),
    };
  });
