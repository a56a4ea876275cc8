import { z } from "zod";
import { csvRowBytes } from "@/lib/leads/csv/batch-rows";
import { LEAD_FIELD_LABELS, type LeadField } from "@/lib/leads/csv/headers";

/** The lead fields a column can fill, in the order the mapping menu lists them. */
export const LEAD_FIELDS = Object.keys(LEAD_FIELD_LABELS) as [LeadField, ...LeadField[]];

export const leadFieldSchema = z.enum(LEAD_FIELDS);

/**
 * The largest file the importer takes, and the most rows (docs/decisions/0002-leads.md). Rows travel in batches bounded by both
 * count and size (`createRowBatcher`); the server refuses anything larger with the same numbers.
 * A batch of 1 MiB stays well inside the 4 MB server-action body limit (next.config.ts), whatever
 * the row shape: 2,000 short rows are ~50 KB, 2,000 wide CRM rows ~600 KB.
 */
export const IMPORT_LIMITS = {
  maxBytes: 50 * 1024 * 1024,
  maxRows: 200_000,
  maxColumns: 200,
  maxCellChars: 10_000,
  batchRows: 2_000,
  batchBytes: 1024 * 1024,
  /** A staging import idle this long is abandoned by the tick and its staged rows freed. */
  abandonAfterHours: 3,
};

/** How the browser (and `importCsvFile`) cuts a file into batches the stage schema accepts. */
export const IMPORT_BATCH_LIMITS = {
  maxRows: IMPORT_LIMITS.batchRows,
  maxBytes: IMPORT_LIMITS.batchBytes,
  maxCellChars: IMPORT_LIMITS.maxCellChars,
};

const bulkConsentSchema = z.object({
  given: z.boolean(),
  source: z.string().trim().min(2, "Say where the consent came from.").max(200),
});

export const importSetupSchema = z
  .object({
    campaignId: z.uuid(),
    headers: z.array(z.string().max(300)).min(1).max(IMPORT_LIMITS.maxColumns),
    /** One entry per header: the lead field it fills, or null to keep it as a custom field. */
    mapping: z.array(leadFieldSchema.nullable()),
    /** Applies to rows whose file has no consent column (or leaves it empty). */
    bulkConsent: bulkConsentSchema.optional(),
  })
  .refine((v) => v.mapping.length === v.headers.length, {
    path: ["mapping"],
    message: "Map every column (or keep it as a custom field).",
  })
  .refine((v) => v.mapping.includes("phone"), {
    path: ["mapping"],
    message: "No column is mapped to Phone: pick the column that holds the phone numbers.",
  })
  .refine((v) => new Set(v.mapping.filter(Boolean)).size === v.mapping.filter(Boolean).length, {
    path: ["mapping"],
    message: "Each lead field can be mapped from one column only.",
  });
export type ImportSetup = z.infer<typeof importSetupSchema>;

export const csvRowSchema = z.object({
  /** The row number a person sees in a spreadsheet (header = 1). */
  row: z.number().int().min(2),
  cells: z
    .array(
      z
        .string()
        .max(
          IMPORT_LIMITS.maxCellChars,
          `a cell holds at most ${IMPORT_LIMITS.maxCellChars.toLocaleString("en-US")} characters`,
        ),
    )
    .max(IMPORT_LIMITS.maxColumns, `a row has at most ${IMPORT_LIMITS.maxColumns} columns`),
});
export type CsvRow = z.infer<typeof csvRowSchema>;

export const previewImportSchema = z.object({
  setup: importSetupSchema,
  rows: z.array(csvRowSchema).max(100),
});

/** The file as the browser read it; the server keeps these to recognise it when an import resumes. */
export const importFileSchema = z.object({
  name: z.string().trim().min(1).max(255),
  bytes: z.number().int().min(1).max(IMPORT_LIMITS.maxBytes),
  rows: z.number().int().min(1).max(IMPORT_LIMITS.maxRows),
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
});
export type ImportFile = z.infer<typeof importFileSchema>;

export const startImportSchema = z.object({
  setup: importSetupSchema,
  file: importFileSchema,
  duplicateMode: z.enum(["skip", "update"]),
});
export type StartImportInput = z.infer<typeof startImportSchema>;

export const stageImportRowsSchema = z.object({
  importId: z.uuid(),
  rows: z
    .array(csvRowSchema)
    .min(1)
    .max(
      IMPORT_LIMITS.batchRows,
      `a batch carries at most ${IMPORT_LIMITS.batchRows.toLocaleString("en-US")} rows`,
    )
    .refine((rows) => rows.reduce((sum, row) => sum + csvRowBytes(row), 0) <= IMPORT_LIMITS.batchBytes, {
      message: `a batch carries at most ${IMPORT_LIMITS.batchBytes / 1024 / 1024} MB of text`,
    }),
});

export const importIdSchema = z.object({ importId: z.uuid() });

export const resumeImportSchema = z.object({ importId: z.uuid(), file: importFileSchema });
