import { z } from "zod";

/** Limits of the do-not-call CSV import: a server action carries the file's text (4 MB cap). */
export const DNC_IMPORT_LIMITS = {
  maxChars: 3_500_000,
  maxRows: 100_000,
  /** Rows listed per outcome in an import's result; the counts always cover the whole file. */
  reportRows: 500,
};

/** Rows per page on the do-not-call list. */
export const DNC_PAGE_SIZE = 25;

export const dncSourceSchema = z.enum(["manual", "import", "call", "api"]);
export type DncSource = z.infer<typeof dncSourceSchema>;

/** Optional; an empty reason is stored as none. */
const reasonSchema = z.string().trim().max(500, "Keep the reason under 500 characters.").optional();

export const addDoNotCallSchema = z.object({
  phone: z.string().trim().min(1, "Enter a phone number.").max(64, "That is too long for a phone number."),
  reason: reasonSchema,
});
export type AddDoNotCallInput = z.infer<typeof addDoNotCallSchema>;

export const removeDoNotCallSchema = z.object({ id: z.uuid() });
export type RemoveDoNotCallInput = z.infer<typeof removeDoNotCallSchema>;

export const importDoNotCallSchema = z.object({
  fileName: z.string().trim().min(1).max(300),
  csv: z
    .string()
    .min(1, "The file is empty.")
    .max(
      DNC_IMPORT_LIMITS.maxChars,
      "The file is too large for one upload: split it into files under 3.5 MB.",
    ),
  /** Used for rows without a reason of their own. */
  reason: reasonSchema,
});
export type ImportDoNotCallInput = z.infer<typeof importDoNotCallSchema>;

/** The list page's search parameters; anything malformed falls back to the first page. */
export const listDoNotCallSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});
export type ListDoNotCallInput = z.infer<typeof listDoNotCallSchema>;
