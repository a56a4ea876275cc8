import type { CountryCode } from "libphonenumber-js";
import type { Tx } from "@/lib/db/client";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { getOrganization } from "@/lib/db/queries/organizations";
import { AppError } from "@/lib/errors";
import { applyMapping } from "@/lib/leads/csv/map-rows";
import { type NormalizedLead, normalizeLead } from "@/lib/leads/normalize/normalize-lead";
import { timezonesForE164 } from "@/lib/leads/normalize/phone-timezone";
import type { CsvRow, ImportSetup } from "@/lib/schemas/lead-import";

export type ImportContext = {
  orgId: string;
  campaignId: string;
  defaultCountry: CountryCode;
  defaultTimezone: string;
};

/** The organization's default country and the campaign's default zone, checked to exist. */
export async function loadImportContext(
  tx: Tx,
  { orgId, campaignId }: { orgId: string; campaignId: string },
) {
  const [org, campaign] = await Promise.all([
    getOrganization(tx, { orgId }),
    getCampaign(tx, { orgId, campaignId }),
  ]);
  if (!org) throw new AppError("forbidden", "You are not a member of this organization.");
  if (!campaign) throw new AppError("not_found", "That campaign does not exist in this organization.");
  return {
    orgId,
    campaignId,
    defaultCountry: org.defaultCountry as CountryCode,
    defaultTimezone: campaign.defaultTimezone,
  } satisfies ImportContext;
}

export type NormalizedRow =
  | { row: number; cells: string[]; ok: true; lead: NormalizedLead; warnings: string[] }
  | { row: number; cells: string[]; ok: false; reason: string; errors: { field: string; message: string }[] };

/**
 * One CSV row through the mapping and the same normalizer the API uses. Bulk consent fills in
 * for rows without a consent value of their own.
 */
export function normalizeCsvRows(setup: ImportSetup, rows: CsvRow[], ctx: ImportContext): NormalizedRow[] {
  return rows.map(({ row, cells }) => {
    const input = applyMapping(setup.headers, setup.mapping, cells);
    if (setup.bulkConsent && (input.consent === undefined || input.consent === "")) {
      input.consent = setup.bulkConsent.given;
      input.consentSource ||= setup.bulkConsent.source;
    }
    const result = normalizeLead(input, {
      defaultCountry: ctx.defaultCountry,
      defaultTimezone: ctx.defaultTimezone,
      phoneTimezones: timezonesForE164,
    });
    if (result.ok) return { row, cells, ok: true, lead: result.lead, warnings: result.warnings };
    return {
      row,
      cells,
      ok: false,
      reason: result.errors.map((e) => e.message).join("; "),
      errors: result.errors,
    };
  });
}
