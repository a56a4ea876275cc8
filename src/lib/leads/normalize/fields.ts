import { z } from "zod";

export type FieldError = { error: string };

const emailSchema = z.email();

/** A lowercased address, null for an empty cell, or the reason "invalid email". */
export function normalizeEmail(
  raw: string | null | undefined,
): { ok: true; email: string | null } | { ok: false; reason: string } {
  const value = stripQuotes((raw ?? "").trim())
    .replace(/^mailto:/i, "")
    .replace(/^<(.*)>$/, "$1")
    .trim()
    .toLowerCase();
  if (value === "") return { ok: true, email: null };
  return emailSchema.safeParse(value).success
    ? { ok: true, email: value }
    : { ok: false, reason: "invalid email" };
}

const NAME_MAX = 200;

/** Trimmed, inner whitespace collapsed, surrounding quotes removed, at most 200 characters. */
export function normalizeName(raw: string | null | undefined): string | null {
  const value = stripQuotes((raw ?? "").replace(/\s+/g, " ").trim()).trim();
  if (value === "") return null;
  // Array.from counts code points, so an emoji or accented letter is never cut in half.
  const chars = Array.from(value);
  return chars.length > NAME_MAX ? chars.slice(0, NAME_MAX).join("").trim() : value;
}

const HONORIFICS = /^(?:mr|mrs|ms|miss|mx|dr|prof)\.?\s+/i;

/** "Jane Doe" → Jane / Doe, "Doe, Jane" → Jane / Doe, "Jane van der Berg" → Jane / van der Berg. */
export function splitFullName(full: string | null | undefined): {
  firstName: string | null;
  lastName: string | null;
} {
  const name = normalizeName(full);
  if (name === null) return { firstName: null, lastName: null };
  const comma = name.indexOf(",");
  if (comma > 0) {
    // "Doe, Jane" is how CRMs sort people; "Doe, Jane, Jr." keeps the suffix with the last name.
    const last = name.slice(0, comma).trim();
    const rest = name.slice(comma + 1).trim();
    if (rest !== "" && !/^(?:jr|sr|ii|iii|iv|phd|md)\.?$/i.test(rest)) {
      return { firstName: normalizeName(rest.replace(HONORIFICS, "")), lastName: normalizeName(last) };
    }
  }
  const words = name.replace(HONORIFICS, "").split(" ");
  const [first, ...rest] = words;
  return { firstName: normalizeName(first), lastName: normalizeName(rest.join(" ")) };
}

const CONSENT_VALUES: ReadonlyMap<string, boolean> = new Map([
  // ja/oui/sí/si: European CRM exports keep the user's language in yes/no columns.
  ...[
    "yes",
    "y",
    "true",
    "t",
    "1",
    "opted in",
    "opt in",
    "optin",
    "granted",
    "given",
    "consented",
    "agreed",
    "ja",
    "oui",
    "si",
    "sí",
  ].map((v) => [v, true] as const),
  ...[
    "no",
    "n",
    "false",
    "f",
    "0",
    "opted out",
    "opt out",
    "optout",
    "none",
    "denied",
    "declined",
    "revoked",
    "withdrawn",
    "nein",
    "non",
  ].map((v) => [v, false] as const),
]);

/**
 * Consent as true/false, null when empty, or an error. Unknown text is an error rather than a
 * guess: the dialer refuses to call without consent when a campaign requires it.
 */
export function parseConsent(raw: string | boolean | null | undefined): boolean | null | FieldError {
  if (typeof raw === "boolean") return raw;
  const value = (raw ?? "").trim();
  if (value === "") return null;
  const key = value
    .toLowerCase()
    .replace(/[-_]/g, " ")
    .replace(/[.!]+$/, "")
    .replace(/\s+/g, " ");
  const known = CONSENT_VALUES.get(key);
  return known ?? { error: `unrecognised consent value "${value}"` };
}

/**
 * A consent date as an ISO timestamp, null when empty, or an error. Accepts ISO 8601, yyyy-mm-dd,
 * US m/d/yyyy (day-first d/m/yyyy only when the first number cannot be a month) and d.m.yyyy,
 * each with an optional time. Values without an offset are read as UTC so the browser worker and
 * the API server agree whatever their local zone.
 */
export function parseConsentDate(
  raw: string | null | undefined,
  now: Date = new Date(),
): string | null | FieldError {
  const value = (raw ?? "").trim();
  if (value === "") return null;
  const invalid = { error: `unrecognised date "${value}"` };

  const date = parseIsoDate(value) ?? parseSlashedDate(value);
  if (date === undefined) return invalid;
  if (date === null || Number.isNaN(date.getTime())) return invalid;
  // A day of slack for zones ahead of UTC; anything later is a typo, not a record of consent.
  if (date.getTime() > now.getTime() + 86_400_000)
    return { error: `consent date "${value}" is in the future` };
  return date.toISOString();
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** undefined: not this format; null: this format but not a real date. */
function parseIsoDate(value: string): Date | null | undefined {
  const m = ISO.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "0", zone] = m;
  const ms = Number(frac.slice(0, 3).padEnd(3, "0"));
  const date = utcDate(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), ms);
  if (!date || !zone || zone.toUpperCase() === "Z") return date;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  return new Date(date.getTime() - offsetMinutes * 60_000);
}

const SLASHED =
  /^(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?$/i;

function parseSlashedDate(value: string): Date | null | undefined {
  const m = SLASHED.exec(value);
  if (!m) return undefined;
  const [, a, separator, b, y, h = "0", mi = "0", s = "0", meridiem] = m;
  let first = Number(a);
  let second = Number(b);
  // Dots are the European day-first convention; slashes are US month-first unless impossible.
  const dayFirst = separator === "." || (first > 12 && second <= 12);
  if (dayFirst) [first, second] = [second, first];
  const year = y && y.length === 2 ? 2000 + Number(y) : Number(y);
  let hours = Number(h);
  if (meridiem) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (meridiem.toLowerCase().startsWith("p") ? 12 : 0);
  }
  return utcDate(year, first, second, hours, Number(mi), Number(s), 0);
}

/** A UTC date, or null when a part is out of range (Feb 30, 25:00). */
function utcDate(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null;
}

const QUOTE_PAIRS: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  "\u201c": "\u201d",
  "\u2018": "\u2019",
  "\u201e": "\u201c",
};

/** Removes quotes that wrap the whole value, only in matching pairs: `"The Man" Brown` keeps its own. */
function stripQuotes(value: string): string {
  let result = value;
  while (result.length >= 2 && QUOTE_PAIRS[result.charAt(0)] === result.charAt(result.length - 1)) {
    result = result.slice(1, -1).trim();
  }
  return result;
}
