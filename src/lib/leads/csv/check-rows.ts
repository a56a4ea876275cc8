import type { ImportSetup } from "@/lib/schemas/lead-import";
import type { NormalizeLeadContext } from "../normalize/normalize-lead";
import { normalizeCsvRow } from "./normalize-csv-row";
import { parseCsv } from "./parse";

export type DuplicateMode = "skip" | "update";

export type ImportCheck = {
  rows: number;
  /** Rows that will reach the campaign: valid, and the one kept of each phone repeated in the file. */
  importable: number;
  rejected: number;
  /** Valid rows that repeat a phone of the file and give way to another row of it. */
  duplicates: number;
  /** For the preview's rows that give way: the row that is kept instead. */
  duplicateOf: Record<number, number>;
};

/** Thrown out of a check that a newer one replaced (the mapping changed while it ran). */
export class CheckSuperseded extends Error {}

/**
 * The whole file through the same row normalizer as the import, before anything is written:
 * how many rows will be rejected and which repeat a phone of the file. Skip keeps the first row
 * of a phone and update the last, as `commitImport` does, so the count on the Import button is
 * what arrives (less numbers already in the campaign, which only the server knows).
 */
export async function checkCsvRows(
  text: string,
  {
    setup,
    ctx,
    duplicateMode,
    previewThrough,
    isCurrent = () => true,
  }: {
    setup: Pick<ImportSetup, "headers" | "mapping" | "bulkConsent">;
    ctx: Omit<NormalizeLeadContext, "unusableEmail" | "phoneTimezones">;
    duplicateMode: DuplicateMode;
    /** Rows up to this one are the preview's: their duplicates are named. */
    previewThrough: number;
    /** Checked between chunks; false stops the check with `CheckSuperseded`. */
    isCurrent?: () => boolean;
  },
): Promise<ImportCheck> {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  const previewPhones: [number, string][] = [];
  let valid = 0;
  let rejected = 0;
  const parsed = await parseCsv(text, {
    onRows: (rows, _progress, rowNumbers) => {
      if (!isCurrent()) throw new CheckSuperseded();
      rows.forEach((cells, i) => {
        const row = rowNumbers[i] ?? 0;
        const result = normalizeCsvRow(setup, { row, cells }, ctx);
        if (!result.ok) {
          rejected++;
          return;
        }
        valid++;
        const phone = result.lead.phone;
        if (!first.has(phone)) first.set(phone, row);
        last.set(phone, row);
        if (row <= previewThrough) previewPhones.push([row, phone]);
      });
    },
  });
  const kept = duplicateMode === "skip" ? first : last;
  const duplicateOf: Record<number, number> = {};
  for (const [row, phone] of previewPhones) {
    const keptRow = kept.get(phone);
    if (keptRow !== undefined && keptRow !== row) duplicateOf[row] = keptRow;
  }
  return {
    rows: parsed.rowCount,
    importable: first.size,
    rejected,
    duplicates: valid - first.size,
    duplicateOf,
  };
}
