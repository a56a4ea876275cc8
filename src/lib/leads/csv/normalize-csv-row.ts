import type { CsvRow, ImportSetup } from "@/lib/schemas/lead-import";
import { type NormalizedLead, type NormalizeLeadContext, normalizeLead } from "../normalize/normalize-lead";
import { applyMapping } from "./map-rows";

export type NormalizedCsvRow =
  | { row: number; cells: string[]; ok: true; lead: NormalizedLead; warnings: string[] }
  | { row: number; cells: string[]; ok: false; reason: string; errors: { field: string; message: string }[] };

/**
 * One CSV row through the mapping and the same normalizer the API uses; the browser runs it to
 * count what an import will bring, the server to stage it. Bulk consent fills in for rows
 * without a consent value of their own, and an unusable email is left out with a warning
 * instead of costing the lead.
 */
export function normalizeCsvRow(
  setup: Pick<ImportSetup, "headers" | "mapping" | "bulkConsent">,
  { row, cells }: CsvRow,
  ctx: Omit<NormalizeLeadContext, "unusableEmail">,
): NormalizedCsvRow {
  const input = applyMapping(setup.headers, setup.mapping, cells);
  if (setup.bulkConsent && (input.consent === undefined || input.consent === "")) {
    input.consent = setup.bulkConsent.given;
    input.consentSource ||= setup.bulkConsent.source;
  }
  const result = normalizeLead(input, { ...ctx, unusableEmail: "drop" });
  if (result.ok) return { row, cells, ok: true, lead: result.lead, warnings: result.warnings };
  return {
    row,
    cells,
    ok: false,
    reason: result.errors.map((e) => e.message).join("; "),
    errors: result.errors,
  };
}
