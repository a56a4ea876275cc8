import { parsePhoneNumberFromString } from "libphonenumber-js/min";

/** An E.164 number as people read it ("+1 415 555 0123"), with its extension. */
export function formatPhone(e164: string, extension?: string | null): string {
  const parsed = parsePhoneNumberFromString(e164);
  const base = parsed ? parsed.formatInternational() : e164;
  return extension ? `${base} ext. ${extension}` : base;
}
