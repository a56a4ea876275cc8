/**
 * Zones a sales team picks most often, listed first in every time-zone picker; the full IANA
 * list (about 420 names) follows. US zones lead because the TCPA calling-hour rules are the
 * product's first market.
 */
export const COMMON_TIME_ZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Phoenix",
  "America/Los_Angeles",
  "America/Anchorage",
  "Pacific/Honolulu",
  "America/Toronto",
  "America/Vancouver",
  "America/Mexico_City",
  "America/Sao_Paulo",
  "Europe/London",
  "Europe/Dublin",
  "Europe/Paris",
  "Europe/Berlin",
  "Europe/Madrid",
  "Asia/Dubai",
  "Asia/Kolkata",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Australia/Sydney",
  "Pacific/Auckland",
  "UTC",
] as const;

export type TimeZoneGroups = { common: string[]; other: string[] };

/** Splits `all` into the common zones (in COMMON_TIME_ZONES order) and the rest (in `all`'s order). */
export function groupTimeZones(all: readonly string[]): TimeZoneGroups {
  const known = new Set(all);
  const common = COMMON_TIME_ZONES.filter((zone) => known.has(zone) || zone === "UTC");
  const commonSet = new Set<string>(common);
  return { common, other: all.filter((zone) => !commonSet.has(zone)) };
}

const fold = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[_/]+/g, " ");

/**
 * The zones whose name matches every word of `query` ("los ang", "new york", "europe/par",
 * "sao paulo"); an empty query keeps them all. Order is kept, so common zones stay first.
 */
export function filterTimeZones(zones: readonly string[], query: string): string[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...zones];
  return zones.filter((zone) => {
    const name = fold(zone);
    return words.every((word) => name.includes(word));
  });
}
