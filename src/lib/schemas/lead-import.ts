import { z } from "zod";
import { LEAD_FIELD_LABELS, type LeadField } from "@/lib/leads/csv/headers";

/** The lead fields a column can fill, in the order the mapping menu lists them. */
export const LEAD_FIELDS = Object.keys(LEAD_FIELD_LABELS) as [LeadField, ...LeadField[]];

export const leadFieldSchema = z.enum(LEAD_FIELDS);

/** The largest file the importer takes, and the most rows (docs/decisions/0002-leads.md). */
export const IMPORT_LIMITS = {
  maxBytes: 50 * 1024 * 1024,
  maxRows: 200_000,
  maxColumns: 200,
  batchRows: 2_000,
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
  cells: z.array(z.string().max(10_000)).max(IMPORT_LIMITS.maxColumns),
});
export type CsvRow = z.infer<typeof csvRowSchema>;

export const previewImportSchema = z.object({
  setup: importSetupSchema,
  rows: z.array(csvRowSchema).max(100),
});

export const startImportSchema = z.object({
  setup: importSetupSchema,
  fileName: z.string().trim().min(1).max(255),
  duplicateMode: z.enum(["skip", "update"]),
});
export type StartImportInput = z.infer<typeof startImportSchema>;

export const stageImportRowsSchema = z.object({
  importId: z.uuid(),
  rows: z.array(csvRowSchema).min(1).max(5_000),
});

export const importIdSchema = z.object({ importId: z.uuid() });
