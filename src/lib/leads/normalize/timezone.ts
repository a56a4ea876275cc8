import { canonicalZoneName } from "./zone-names";

export type TimezoneParseResult =
  | { ok: true; zone: string }
  | { ok: false; reason: string }
  | { ok: true; zone: null };

export type TimezoneSource = "column" | "inferred" | "default";

/** More zones than this for one number means a non-geographic number (toll-free, national). */
export const MAX_CANDIDATE_ZONES = 3;

export type ResolvedTimezone = {
  /** The zone shown, filtered and sorted by: for several candidates, the most likely one. */
  zone: string;
  source: TimezoneSource;
  /**
   * Set when the number maps to 2–3 zones, most likely first; the dialer must find the call time
   * allowed in each.
   */
  candidates: string[] | null;
  warning?: string;
};

/**
 * Abbreviations and names people type into CRM and spreadsheet time-zone columns, keyed by
 * `abbreviationKey`. Abbreviations are ambiguous (CST is also China, IST also Ireland); this dialer
 * calls mostly North America, so North American readings win and the rest follow the brief.
 * Windows names ("Eastern Standard Time") follow CLDR's windowsZones mapping.
 */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  ...names("America/New_York", [
    "est",
    "edt",
    "et",
    "eastern",
    "eastern time",
    "eastern standard time",
    "eastern daylight time",
    "est5edt",
  ]),
  ...names("America/Chicago", [
    "cst",
    "cdt",
    "ct",
    "central",
    "central time",
    "central standard time",
    "central daylight time",
    "cst6cdt",
  ]),
  ...names("America/Denver", [
    "mst",
    "mdt",
    "mt",
    "mountain",
    "mountain time",
    "mountain standard time",
    "mountain daylight time",
    "mst7mdt",
  ]),
  ...names("America/Los_Angeles", [
    "pst",
    "pdt",
    "pt",
    "pacific",
    "pacific time",
    "pacific standard time",
    "pacific daylight time",
    "pst8pdt",
  ]),
  ...names("America/Anchorage", [
    "akst",
    "akdt",
    "akt",
    "alaska",
    "alaska time",
    "alaska standard time",
    "alaskan standard time",
  ]),
  ...names("Pacific/Honolulu", [
    "hst",
    "hast",
    "hawaii",
    "hawaii time",
    "hawaii standard time",
    "hawaiian standard time",
    "hawaii-aleutian standard time",
  ]),
  // AST in a US file means Puerto Rico / USVI (no DST); the Windows "Atlantic" names mean Halifax.
  ...names("America/Puerto_Rico", ["ast", "sa western standard time"]),
  ...names("America/Halifax", ["adt", "atlantic", "atlantic time", "atlantic standard time"]),
  ...names("America/St_Johns", ["nst", "ndt", "newfoundland", "newfoundland standard time"]),
  ...names("America/Phoenix", ["arizona", "arizona time", "us mountain standard time"]),
  ...names("UTC", ["gmt", "utc", "z", "zulu", "coordinated universal time", "greenwich mean time"]),
  ...names("Europe/London", ["bst", "british summer time", "gmt standard time", "uk"]),
  ...names("Europe/Paris", [
    "cet",
    "cest",
    "met",
    "mest",
    "central european time",
    "central european summer time",
    "romance standard time",
  ]),
  ...names("Europe/Berlin", ["w europe standard time"]),
  ...names("Asia/Kolkata", ["ist", "india standard time"]),
  ...names("Australia/Sydney", ["aest", "aedt", "aus eastern standard time"]),
  ...names("Asia/Tokyo", ["jst", "tokyo standard time"]),
  ...names("Pacific/Auckland", ["nzst", "nzdt", "new zealand standard time"]),
};

function names(zone: string, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((key) => [key, zone]));
}

function abbreviationKey(value: string): string {
  return value
    .toLowerCase()
    .replace(/\((?:us|u\.s\.)\s*(?:&|and)\s*canada\)/g, "")
    .replace(/\./g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Zones whose standard time sits on a half or quarter hour. There is no Etc/ zone for these, so a
 * bare "+05:30" becomes the place most people with that offset live in.
 */
const FRACTIONAL_OFFSETS: ReadonlyMap<number, string> = new Map([
  [-570, "Pacific/Marquesas"],
  [-210, "America/St_Johns"],
  [210, "Asia/Tehran"],
  [270, "Asia/Kabul"],
  [330, "Asia/Kolkata"],
  [345, "Asia/Kathmandu"],
  [390, "Asia/Yangon"],
  [525, "Australia/Eucla"],
  [570, "Australia/Darwin"],
  [630, "Australia/Lord_Howe"],
  [765, "Pacific/Chatham"],
]);

// "UTC-5", "GMT+2", "-05:00", "+0530", "UTC+5:30" after spaces are removed; U+2212 and dashes
// show up when offsets are copied from web pages or Word.
const OFFSET = /^(?:utc|gmt|z)?([+\-\u2212\u2013])(\d{1,2})(?::?(\d{2}))?$/i;

function parseOffset(value: string): TimezoneParseResult | null {
  const match = OFFSET.exec(value.replace(/\s+/g, ""));
  if (!match) return null;
  const sign = match[1] === "+" ? 1 : -1;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? "0");
  const unknown = { ok: false as const, reason: `unknown UTC offset "${value}"` };
  if (minutes >= 60) return unknown;
  if (minutes === 0) {
    if (hours === 0) return { ok: true, zone: "UTC" };
    // POSIX-style Etc names invert the sign: UTC-5 is Etc/GMT+5.
    if (sign < 0 && hours <= 12) return { ok: true, zone: `Etc/GMT+${hours}` };
    if (sign > 0 && hours <= 14) return { ok: true, zone: `Etc/GMT-${hours}` };
    return unknown;
  }
  const zone = FRACTIONAL_OFFSETS.get(sign * (hours * 60 + minutes));
  return zone ? { ok: true, zone } : unknown;
}

// Windows display names: "(UTC-05:00) Eastern Time (US & Canada)", "(UTC) Coordinated Universal Time".
const WINDOWS_DISPLAY = /^\(\s*(?:utc|gmt)\s*([+\-\u2212]\s*\d{1,2}(?::\d{2})?)?\s*\)\s*(.*)$/i;

/**
 * A time-zone cell as an IANA zone: IANA names in any case, common abbreviations, Windows names
 * and UTC offsets. `zone: null` means the cell was empty.
 */
export function parseTimezoneValue(raw: string | null | undefined): TimezoneParseResult {
  const value = (raw ?? "").trim().replace(/^["']|["']$/g, "");
  if (value === "") return { ok: true, zone: null };

  const display = WINDOWS_DISPLAY.exec(value);
  if (display) {
    const named = display[2] ? ABBREVIATIONS[abbreviationKey(display[2])] : undefined;
    if (named) return { ok: true, zone: named };
    const offset = parseOffset(display[1] ?? "+0");
    if (offset) return offset;
  }

  const abbreviated = ABBREVIATIONS[abbreviationKey(value)];
  if (abbreviated) return { ok: true, zone: abbreviated };

  const offset = parseOffset(value);
  if (offset) return offset;

  const zone = canonicalZoneName(value.replace(/\s+/g, "_"));
  if (zone) return { ok: true, zone };
  return { ok: false, reason: `unknown time zone "${value}"` };
}

/**
 * Where a lead's zone comes from: its own column, else its number, else the campaign default.
 * The dialer decides call windows from this, so doubt is resolved towards asking for more
 * (several candidates) or towards the campaign default the user chose, never towards a guess.
 */
export function resolveTimezone({
  columnValue,
  candidates,
  fallback,
}: {
  columnValue?: string | null;
  /** The number's zones, most likely first (as `timezonesForE164` ranks them). */
  candidates?: readonly string[] | null;
  fallback: string;
}): ResolvedTimezone {
  let columnWarning: string | undefined;
  const parsed = parseTimezoneValue(columnValue);
  if (parsed.ok && parsed.zone !== null) return { zone: parsed.zone, source: "column", candidates: null };
  if (!parsed.ok) columnWarning = parsed.reason;

  const zones = [...new Set(candidates ?? [])];
  let resolved: ResolvedTimezone;
  if (zones.length === 1 && zones[0] !== undefined) {
    resolved = { zone: zones[0], source: "inferred", candidates: null };
  } else if (zones.length >= 2 && zones.length <= MAX_CANDIDATE_ZONES && zones[0] !== undefined) {
    // An area code spanning zones (Alaska, Idaho, the Dakotas): the dialer must only call when the
    // time is allowed in every candidate, so a lead is never called early in its real zone. The
    // lead's own zone is the most likely one (zone-ranking.ts put it first).
    resolved = { zone: zones[0], source: "inferred", candidates: zones };
  } else if (zones.length > MAX_CANDIDATE_ZONES) {
    // Toll-free and other non-geographic numbers map to the whole country: no useful guess.
    resolved = {
      zone: fallback,
      source: "default",
      candidates: null,
      warning: `the number could be in ${zones.length} time zones; used the default ${fallback}`,
    };
  } else {
    resolved = { zone: fallback, source: "default", candidates: null };
  }

  if (columnWarning === undefined) return resolved;
  const used =
    resolved.source === "inferred"
      ? `${resolved.zone} from the phone number`
      : `the default ${resolved.zone}`;
  return { ...resolved, warning: `${columnWarning}; used ${used}` };
}
