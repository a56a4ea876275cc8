import type { CountryCode } from "libphonenumber-js";
import {
  getCountryCallingCode,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
} from "libphonenumber-js/max";

export type PhoneResult =
  | { ok: true; e164: string; country: string | undefined; extension?: string }
  | { ok: false; reason: string };

// Cells that stand for "no number" in CRM and spreadsheet exports.
const PLACEHOLDERS = new Set([
  "n/a",
  "na",
  "none",
  "null",
  "nil",
  "unknown",
  "tbd",
  "-",
  "--",
  "—",
  "0",
  "x",
]);

// "x123", "ext. 45", "extension 45", "#45", ";ext=45" (RFC 3966) at the end of the cell.
const EXTENSION = /(?:;\s*ext=|,?\s*(?:extension|ext\.?|ex\.?|x\.?|#))\s*:?\s*(\d{1,7})\s*$/i;

// A label in front of the number: "tel:", "Phone: ", "Mobile Phone:", "M:".
const LABEL = /^[a-z][a-z .]{0,20}:\s*/i;

// Excel turns long digit strings into numbers: "1.41555526E+10" has already lost digits.
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e\+?\d+$/i;

// Excel and pandas write whole numbers as floats: "4155552671.0".
const TRAILING_DECIMAL_ZERO = /^(\+?\d{6,})\.0+$/;

const ALLOWED = /^[+\d\s\-()./]*$/;

/**
 * A phone cell as E.164, with its extension. `defaultCountry` applies to numbers written without
 * a country code. Reasons are short sentences shown to the person importing the file.
 */
export function normalizePhone(raw: string, defaultCountry: CountryCode): PhoneResult {
  let value = unescapeSpreadsheet(
    raw
      // NFKC turns full-width digits (Japanese and Chinese input methods) into ASCII ones.
      .normalize("NFKC")
      // Invisible direction marks and zero-width spaces ride along when numbers are copied from
      // web pages, email signatures and phone apps.
      .replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g, "")
      .replace(/[\u00a0\u2007\u202f\t]/g, " ")
      .replace(/[\u2010-\u2015\u2212]/g, "-")
      .trim(),
  );
  if (value === "" || PLACEHOLDERS.has(value.toLowerCase()))
    return { ok: false, reason: "missing phone number" };

  value = value.replace(LABEL, "").trim();
  // "415-555-2671 / 415-555-2672": keep neither rather than guess which one is right. Both parts
  // need 7+ digits so that "0221/123456" (area code / number) stays one number.
  const parts = value.replace(EXTENSION, "").split(/[\n;,|/]|\bor\b/i);
  if (parts.filter((part) => part.replace(/\D/g, "").length >= 7).length > 1) {
    return { ok: false, reason: "several numbers in one cell" };
  }
  if (SCIENTIFIC.test(value)) {
    return { ok: false, reason: "number is in scientific notation (Excel dropped digits)" };
  }
  value = value.replace(TRAILING_DECIMAL_ZERO, "$1");

  let extension: string | undefined;
  const ext = EXTENSION.exec(value);
  if (ext) {
    extension = ext[1];
    value = value.slice(0, ext.index).trim();
  }
  // A trailing "(mobile)" or "(work)" note is harmless; any other letters mean it is not a number.
  value = value.replace(/\s*\([a-z ]+\)$/i, "");
  if (!ALLOWED.test(value) || !/\d/.test(value)) return { ok: false, reason: "not a phone number" };

  // "00" is the international prefix in most of the world but not in North America.
  if (value.startsWith("00")) value = `+${value.slice(2)}`;

  const parsed = parsePhoneNumberFromString(value, defaultCountry);
  if (parsed?.isValid()) {
    const result: PhoneResult = { ok: true, e164: parsed.number, country: parsed.country };
    return extension ? { ...result, extension } : result;
  }

  // Only rejected numbers pay for the second pass that names the problem (~8 µs a row at 100,000 rows).
  const lengthProblem = validatePhoneNumberLength(value, defaultCountry);
  if (lengthProblem === "TOO_SHORT" || lengthProblem === "NOT_A_NUMBER") {
    return { ok: false, reason: "number is too short" };
  }
  if (lengthProblem === "TOO_LONG") return { ok: false, reason: "number is too long" };
  if (lengthProblem === "INVALID_COUNTRY" || !parsed) {
    const code = /^\+(\d{1,3})/.exec(value.replace(/[^\d+]/g, ""))?.[1];
    return { ok: false, reason: code ? `unknown country code +${code}` : "not a phone number" };
  }
  const region =
    parsed.country ??
    (parsed.countryCallingCode === getCountryCallingCode(defaultCountry)
      ? defaultCountry
      : `+${parsed.countryCallingCode}`);
  return { ok: false, reason: `invalid number for ${region}` };
}

/** Undo formula escaping that stops spreadsheets from eating leading zeros and plus signs. */
function unescapeSpreadsheet(value: string): string {
  const formula = /^=\s*"(.*)"$/.exec(value);
  if (formula) return (formula[1] ?? "").trim();
  return value.replace(/^['=]+/, "").trim();
}
