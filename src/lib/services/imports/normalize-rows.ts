import type { CountryCode } from "libphonenumber-js";
import type { Tx } from "@/lib/db/client";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { getOrganization } from "@/lib/db/queries/organizations";
import { AppError } from "@/lib/errors";
import { type NormalizedCsvRow, normalizeCsvRow } from "@/lib/leads/csv/normalize-csv-row";
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

/** Rows through the mapping and the normalizer (`normalizeCsvRow`), with zones from the number. */
export function normalizeCsvRows(setup: ImportSetup, rows: CsvRow[], ctx: ImportContext): NormalizedCsvRow[] {
  const leadCtx = {
    defaultCountry: ctx.defaultCountry,
    defaultTimezone: ctx.defaultTimezone,
    phoneTimezones: timezonesForE164,
  };
  return rows.map((row) => normalizeCsvRow(setup, row, leadCtx));
}
