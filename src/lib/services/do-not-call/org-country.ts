import type { CountryCode } from "libphonenumber-js";
import type { Tx } from "@/lib/db/client";
import { getOrganization } from "@/lib/db/queries/organizations";
import { AppError } from "@/lib/errors";

/** The organization's default country, which numbers written without a country code belong to. */
export async function orgDefaultCountry(tx: Tx, orgId: string): Promise<CountryCode> {
  const org = await getOrganization(tx, { orgId });
  if (!org) throw new AppError("forbidden", "You are not a member of this organization.");
  return org.defaultCountry as CountryCode;
}

/** A normalizer reason ("invalid number for US") as a sentence for a form field. */
export function phoneProblemMessage(reason: string, country: CountryCode): string {
  const sentence = `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;
  if (reason.startsWith("invalid number for") || reason === "number is too short") {
    return `${sentence} Numbers without a country code are read as ${country}; start other countries' numbers with + and their code.`;
  }
  return sentence;
}
