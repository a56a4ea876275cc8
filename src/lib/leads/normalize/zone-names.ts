/**
 * IANA zone-name helpers shared by the column parser (browser and server) and the number-to-zone
 * table (server). Pure: only `Intl`, so it runs in a Web Worker too.
 */

/**
 * Old spellings that tzdata has renamed. V8/ICU still reports the old ones as canonical
 * (`resolvedOptions().timeZone` of "Asia/Kolkata" is "Asia/Calcutta"), and Google's timezone
 * table uses them too; we store the current IANA name so the database, the UI and people agree.
 */
const RENAMED_ZONES: Readonly<Record<string, string>> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Ashkhabad": "Asia/Ashgabat",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Choibalsan": "Asia/Ulaanbaatar",
  "Asia/Chungking": "Asia/Chongqing",
  "Asia/Dacca": "Asia/Dhaka",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Macao": "Asia/Macau",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Asia/Tel_Aviv": "Asia/Jerusalem",
  "Asia/Thimbu": "Asia/Thimphu",
  "Asia/Ujung_Pandang": "Asia/Makassar",
  "Asia/Ulan_Bator": "Asia/Ulaanbaatar",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

const acceptedCache = new Map<string, string | null>();

/**
 * The runtime's own spelling of `name` (case-insensitive input), or null when `Intl` does not
 * know the zone. Cached because constructing a DateTimeFormat costs tens of microseconds and an
 * import repeats the same few values 100,000 times.
 */
function intlZone(name: string): string | null {
  const key = name.toLowerCase();
  const cached = acceptedCache.get(key);
  if (cached !== undefined) return cached;
  let resolved: string | null;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    resolved = null;
  }
  acceptedCache.set(key, resolved);
  return resolved;
}

/** Current IANA name for a legacy alias, but only when this runtime can use the new name. */
export function currentZoneName(zone: string): string {
  const renamed = RENAMED_ZONES[zone];
  return renamed !== undefined && intlZone(renamed) !== null ? renamed : zone;
}

let byLowerName: Map<string, string> | undefined;

/** Lower-cased name → properly cased IANA name, for every zone this runtime lists. */
function knownZones(): Map<string, string> {
  if (byLowerName) return byLowerName;
  const names = new Map<string, string>();
  const add = (zone: string) => names.set(zone.toLowerCase(), zone);
  // Older Safari lacks supportedValuesOf; the Intl fallback in canonicalZoneName still validates.
  if (typeof Intl.supportedValuesOf === "function") {
    for (const zone of Intl.supportedValuesOf("timeZone")) add(zone);
  }
  // supportedValuesOf omits UTC and the fixed-offset Etc zones, and lists legacy spellings only.
  add("UTC");
  add("Etc/UTC");
  add("Etc/GMT");
  for (let h = 1; h <= 14; h++) {
    add(`Etc/GMT-${h}`);
    if (h <= 12) add(`Etc/GMT+${h}`);
  }
  for (const current of Object.values(RENAMED_ZONES)) add(current);
  byLowerName = names;
  return names;
}

/**
 * The IANA zone a person meant by `name` (any case), as the current IANA spelling, or null.
 * Only names with a "/" or the literal UTC count: bare words such as "EST" or "CET" are legacy
 * tzdata zones with surprising rules (EST is Panama time), so abbreviations are mapped elsewhere.
 */
export function canonicalZoneName(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.toLowerCase() === "utc" || trimmed.toLowerCase() === "etc/utc") return "UTC";
  if (!trimmed.includes("/")) return null;
  const listed = knownZones().get(trimmed.toLowerCase());
  // Backward links such as "US/Eastern" are not listed but are valid and common in old exports.
  const resolved = intlZone(listed ?? trimmed);
  if (resolved === null) return null;
  if (resolved === "UTC") return "UTC";
  return currentZoneName(listed ?? resolved);
}
