/**
 * The most likely zone of a number that libphonenumber's prefix table places in two or three.
 * The dialer still checks the call time in every candidate (fail closed); this ranking only picks
 * the lead's main zone, the one shown, filtered and sorted by and used for the lead's local time.
 *
 * Each entry says: for a number under `prefix` whose candidates are exactly these zones, this is
 * their order, most likely first. The longest matching prefix wins, and an entry applies only to
 * its own zone set, so a table update that adds a zone or a new split needs a new, deliberate
 * entry (zone-ranking.test.ts checks every ambiguous prefix of the installed table).
 *
 * The order is by where most of the prefix's people live. Figures are approximate and from
 * memory (written without network access): US Census 2020 counts and 2023 estimates, Statistics
 * Canada 2021, ABS 2021, INEGI 2020, Rosstat 2021, BPS Indonesia 2020 and national censuses for
 * the small territories. A wrong call here costs a display and sort position, never a call at a
 * forbidden hour.
 *
 * Stored leads were corrected once by supabase/migrations/20261207190000_lead_main_zone.sql,
 * which embeds this list as it was then; a later change to it needs a new migration.
 */
type ZoneRanking = readonly [prefix: string, zones: readonly [string, string, ...string[]]];

export const ZONE_RANKINGS: readonly ZoneRanking[] = [
  // ── United States and Canada (+1) ──
  // Alaska: only the Aleutians west of 169°30′W (Adak, Atka: a few hundred people) keep
  // Hawaii–Aleutian time; Anchorage, Fairbanks, Juneau (~730,000) are on Alaska time.
  ["1907", ["America/Anchorage", "America/Adak"]],
  // Idaho (208 and its overlay 986): the ten northern counties (Coeur d'Alene, Lewiston, Moscow;
  // ~370,000) are on Pacific time, the south (Boise, Idaho Falls, Pocatello; ~1.6 million,
  // about 80 %) on Mountain time.
  ["1208", ["America/Boise", "America/Los_Angeles"]],
  ["1986", ["America/Boise", "America/Los_Angeles"]],
  // Northern Nevada: Reno, Sparks, Carson City and Elko are on Pacific time; only West Wendover
  // (~4,500) keeps Mountain time.
  ["1775", ["America/Los_Angeles", "America/Boise"]],
  // South Dakota: East River (Sioux Falls, Aberdeen, Brookings, Pierre; ~70 %) is on Central time,
  // West River (Rapid City, the Black Hills) on Mountain. The table's Central zone is
  // North_Dakota/Center, which has kept Chicago's clock since 1992.
  ["1605", ["America/North_Dakota/Center", "America/Denver"]],
  // North Dakota: only the southwest (Dickinson, Bowman; ~6 %) is on Mountain time; Fargo,
  // Bismarck, Grand Forks and Minot are on Central.
  ["1701", ["America/North_Dakota/Center", "America/Denver"]],
  // Arizona keeps standard time, but the Navajo Nation keeps daylight saving time. The table
  // splits only the exchanges that serve it (Window Rock, Chinle, Kayenta, Tuba City, Fort
  // Defiance in libphonenumber's own geocoding), so their numbers are most likely Navajo.
  ["1928", ["America/Denver", "America/Phoenix"]],
  // Newfoundland and Labrador (709, overlay 879): the island (~480,000) and southeastern Labrador
  // are on Newfoundland time; most of Labrador (~25,000) on Atlantic time, which the table
  // writes as Puerto_Rico.
  ["1709", ["America/St_Johns", "America/Puerto_Rico"]],
  ["1879", ["America/St_Johns", "America/Puerto_Rico"]],

  // ── Mexico (+52) ── Central time (Mexico_City) covers about three quarters of the people
  // and, since the 2022 reform, the state of Chihuahua outside the border towns; these three
  // prefixes are not geographic or straddle Chihuahua/Durango (649), so Mexico City time.
  ["52200", ["America/Mexico_City", "America/Tijuana"]],
  ["52201", ["America/Mexico_City", "America/New_York"]],
  ["52649", ["America/Mexico_City", "America/Mazatlan"]],

  // ── Russia and Kazakhstan (+7) ──
  // Kazakhstan's 7xx numbers: the west (Aktobe, Atyrau, Uralsk, Aktau; ~3 of 20 million) was
  // on Aqtobe time; Almaty, Astana and Shymkent on Almaty time (one clock since March 2024).
  ["77", ["Asia/Almaty", "Asia/Aqtobe"]],
  // 8-800 and other non-geographic ranges shared by Russia and Kazakhstan: Russia's 146
  // million outnumber Kazakhstan's 20, and most Russians live on Moscow time.
  ["7800", ["Europe/Moscow", "Asia/Almaty", "Asia/Aqtobe"]],
  ["7808", ["Europe/Moscow", "Asia/Almaty", "Asia/Aqtobe"]],
  ["7809", ["Europe/Moscow", "Asia/Almaty", "Asia/Aqtobe"]],
  ["7810", ["Europe/Moscow", "Asia/Almaty", "Asia/Aqtobe"]],
  // 840: Abkhazia, which keeps Moscow time.
  ["7840", ["Europe/Moscow", "Europe/Bucharest"]],

  // ── Indonesia (+62) ── Western time (Java, Sumatra, West and Central Kalimantan) holds about
  // 79 % of the people, Central time (Bali, Nusa Tenggara, Sulawesi, South/East/North
  // Kalimantan) about 17 %, Eastern time (Maluku, Papua) about 4 %.
  ["62", ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]],
  // Mobile (08xx) and other national ranges follow the population.
  ["628", ["Asia/Jakarta", "Asia/Makassar"]],
  ["621", ["Asia/Jakarta", "Asia/Makassar"]],
  ["62007", ["Asia/Jakarta", "Asia/Makassar"]],
  // Area codes (place names from libphonenumber's geocoding where it has them).
  ["62379", ["Asia/Makassar", "Asia/Jakarta"]], // Kalabahi, Alor (East Nusa Tenggara)
  ["62403", ["Asia/Makassar", "Asia/Jayapura"]], // Raha, Muna (Southeast Sulawesi)
  ["62458", ["Asia/Makassar", "Asia/Jakarta"]], // Tentena, Poso (Central Sulawesi)
  // Not geocoded; the 051x codes are mostly South Kalimantan (Central time). Least sure entry.
  ["62516", ["Asia/Makassar", "Asia/Jakarta"]],
  ["62539", ["Asia/Jakarta", "Asia/Makassar"]], // Kuala Kuayan (Central Kalimantan)
  ["62915", ["Asia/Jayapura", "Asia/Jakarta"]], // Bula, Seram (Maluku)
  ["62952", ["Asia/Jayapura", "Asia/Jakarta"]], // Teminabuan (Southwest Papua)

  // ── Australia (+61 8: South Australia, Northern Territory, Western Australia) ──
  // By the number's first digit after 8, from libphonenumber's geocoding: 08 5xxx (Kimberley,
  // Pilbara, Peel), 08 6xxx and 08 9xxx are Western Australia; 08 7xxx and 08 8xxx are
  // Adelaide, the rest of South Australia, the Northern Territory and Broken Hill.
  ["6185", ["Australia/Perth", "Australia/Adelaide"]],
  ["6186", ["Australia/Perth", "Australia/Adelaide"]],
  ["6187", ["Australia/Adelaide", "Australia/Perth"]],
  ["6188", ["Australia/Adelaide", "Australia/Perth"]],
  ["6189", ["Australia/Perth", "Australia/Adelaide"]],
  // The table adds a third zone only for the exchanges of the place itself: Eyre/Cocklebiddy on
  // the Eyre Highway (unofficial Central Western time), Christmas Island and the Cocos Islands.
  ["6189", ["Australia/Eucla", "Australia/Perth", "Australia/Adelaide"]],
  ["6189", ["Indian/Christmas", "Australia/Perth", "Australia/Adelaide"]],
  ["6189", ["Indian/Cocos", "Australia/Perth", "Australia/Adelaide"]],

  // ── Elsewhere: a mainland and its outlying islands or a small neighbour ──
  // DR Congo: a close call. The east (Lubumbashi time) has somewhat more people, but Kinshasa
  // (~17 million) is by far the largest city and holds the largest share of subscriptions.
  ["243", ["Africa/Kinshasa", "Africa/Lubumbashi"]],
  ["262", ["Indian/Reunion", "Indian/Mayotte"]], // Réunion ~870,000, Mayotte ~320,000
  ["299", ["America/Nuuk", "America/Scoresbysund", "America/Thule"]], // West Greenland ~55,000
  ["34", ["Europe/Madrid", "Atlantic/Canary"]], // Canary Islands ~2.2 of 48 million
  ["351", ["Europe/Lisbon", "Atlantic/Azores"]], // Azores ~240,000 of 10.3 million
  ["358", ["Europe/Helsinki", "Europe/Mariehamn"]], // Åland ~30,000
  ["39", ["Europe/Rome", "Europe/Vatican"]],
  ["44", ["Europe/London", "Europe/Guernsey", "Europe/Isle_of_Man"]],
  ["47", ["Europe/Oslo", "Arctic/Longyearbyen"]], // Svalbard ~2,500
  ["56", ["America/Santiago", "Pacific/Easter"]], // Easter Island ~8,000
  ["593", ["America/Guayaquil", "Pacific/Galapagos"]], // Galápagos ~30,000
  ["599", ["America/Curacao", "America/Kralendijk"]], // Curaçao ~150,000, Bonaire ~25,000
  ["64", ["Pacific/Auckland", "Pacific/Chatham"]], // Chatham Islands ~800
  // Kiribati: the Gilbert Islands (Tarawa) ~115,000, the Line Islands ~10,000, Kanton a few dozen.
  ["686", ["Pacific/Tarawa", "Pacific/Kiritimati", "Pacific/Kanton"]],
  // French Polynesia: Society, Tuamotu and Austral Islands (Tahiti time) ~265,000.
  ["689", ["Pacific/Tahiti", "Pacific/Marquesas", "Pacific/Gambier"]],
  // Micronesia: Chuuk and Yap (Chuuk time) ~60,000, Pohnpei ~36,000, Kosrae ~7,000.
  ["691", ["Pacific/Chuuk", "Pacific/Pohnpei", "Pacific/Kosrae"]],
  ["976", ["Asia/Ulaanbaatar", "Asia/Hovd"]], // the western aimags (Hovd time) ~400,000 of 3.4 million
];

const byPrefix = new Map<string, ZoneRanking[]>();
let longestPrefix = 0;
for (const ranking of ZONE_RANKINGS) {
  byPrefix.set(ranking[0], [...(byPrefix.get(ranking[0]) ?? []), ranking]);
  longestPrefix = Math.max(longestPrefix, ranking[0].length);
}

function sameZones(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((zone) => b.includes(zone));
}

/**
 * The ranked order of `zones` for a number (its digits, country code first), or null when no
 * entry covers this prefix and zone set.
 */
export function zoneRanking(digits: string, zones: readonly string[]): readonly string[] | null {
  for (let length = Math.min(digits.length, longestPrefix); length > 0; length--) {
    for (const [, ranked] of byPrefix.get(digits.slice(0, length)) ?? []) {
      if (sameZones(ranked, zones)) return ranked;
    }
  }
  return null;
}

/** `zones` most likely first; unranked sets keep the table's order. Always a new array. */
export function rankZones(digits: string, zones: readonly string[]): string[] {
  if (zones.length < 2) return [...zones];
  return [...(zoneRanking(digits, zones) ?? zones)];
}
