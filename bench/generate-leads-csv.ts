/**
 * Lead files for benchmarks and the browser tests, in the two shapes users bring:
 *
 * - `short`: a bare dialing list from a spreadsheet, `phone,first_name`, ~20 bytes a row;
 * - `wide`: a CRM export, 17 columns, ~300 bytes a row: mixed phone formats, US numbers across
 *   time zones (Alaska's 907 has two candidate zones) plus London ones, a time zone column that
 *   is often blank, accented names, and notes with quotes and line breaks.
 *
 * Both have ~1.5% unusable phone numbers and ~2.5% numbers repeated from earlier rows (written
 * differently); the wide one also has ~1% unusable emails (`pat.king@example`, `élodie.2@ex2.com`).
 * Every number is distinct by construction, so the generator knows what an import must find:
 * `expected` is counted while writing, not by running the importer. Deterministic per seed.
 */

export type LeadFileShape = "short" | "wide";

export type ExpectedImport = {
  rows: number;
  /** Distinct usable numbers: what lands in an empty campaign (skip or update mode alike). */
  imported: number;
  /** Rows whose number repeats an earlier row's. */
  skipped: number;
  /** Rows without a usable number. */
  rejected: number;
  /** Imported leads whose email was left out. */
  warned: number;
};

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// prettier-ignore
const AREA_CODES = [
  "212",
  "646",
  "718",
  "617",
  "215",
  "404",
  "305",
  "407",
  "312",
  "773",
  "214",
  "713",
  "512",
  "303",
  "602",
  "480",
  "702",
  "801",
  "415",
  "510",
  "408",
  "213",
  "310",
  "619",
  "206",
  "503",
  "907",
  "808",
  "317",
  "615",
];
// Exchanges 200-999 without the N11 service codes and 555.
const EXCHANGES = Array.from({ length: 800 }, (_, i) => 200 + i).filter((n) => n % 100 !== 11 && n !== 555);
// prettier-ignore
const FIRST = [
  "James",
  "Mary",
  "Robert",
  "Patricia",
  "John",
  "Jennifer",
  "Michael",
  "Linda",
  "David",
  "Elizabeth",
  "José",
  "Zoë",
  "Chloé",
  "Søren",
  "Ana",
  "Pat",
  "Élodie",
];
// prettier-ignore
const LAST = [
  "Smith",
  "Johnson",
  "Williams",
  "Brown",
  "Jones",
  "Garcia",
  "Miller",
  "Davis",
  "Rodriguez",
  "Martínez",
  "Nguyen",
  "O'Brien",
  "Müller",
  "King",
];
// prettier-ignore
const COMPANY = [
  "Acme Solar",
  "Globex",
  "Initech",
  "Umbrella Roofing",
  "Stark Windows",
  "Wayne HVAC",
  "Hooli",
  "Vandelay Imports",
  "Soylent, Inc.",
];
// Every non-blank value here is one the importer reads, so none of them warns.
const TZ = ["", "", "", "EST", "America/Chicago", "PST", "MST", "America/New_York", "UTC-5", "Pacific"];
const SOURCES = ["Web form", "Trade show", "Referral", "Cold list", "Webinar"];
const TITLES = ["Owner", "Office Manager", "VP Operations", "Facilities Lead", "Founder", "Buyer"];
const STAGES = ["Lead", "Marketing qualified", "Sales qualified", "Opportunity"];
const OWNERS = ["Sam Seller", "Riley Rep", "Alex Account"];
// prettier-ignore
const CITIES = [
  ["Springfield", "IL"],
  ["Portland", "OR"],
  ["Austin", "TX"],
  ["Albany", "NY"],
  ["Tucson", "AZ"],
  ["Anchorage", "AK"],
];
const STREETS = ["Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Elm St", "Pine Rd"];
// Cells that are not usable phone numbers, each for its own reason.
const INVALID = ["555-12", "N/A", "12345", "call me", "", "1.4155E+10"];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

/** The n-th distinct US number of the file (n from 0): area code, exchange, line. */
function usNumber(n: number) {
  const area = AREA_CODES[n % AREA_CODES.length] as string;
  const rest = Math.floor(n / AREA_CODES.length);
  const exchange = String(EXCHANGES[Math.floor(rest / 10_000) % EXCHANGES.length]);
  const line = String(rest % 10_000).padStart(4, "0");
  return { area, exchange, line };
}

function formatPhone(rand: () => number, n: { area: string; exchange: string; line: string }): string {
  switch (Math.floor(rand() * 7)) {
    case 0:
      return `+1${n.area}${n.exchange}${n.line}`;
    case 1:
      return `(${n.area}) ${n.exchange}-${n.line}`;
    case 2:
      return `${n.area}.${n.exchange}.${n.line}`;
    case 3:
      return `1-${n.area}-${n.exchange}-${n.line}`;
    case 4:
      return `${n.area}${n.exchange}${n.line}`;
    case 5:
      return `+1 ${n.area} ${n.exchange} ${n.line} x${Math.floor(rand() * 900) + 100}`;
    default:
      return `${n.area}-${n.exchange}-${n.line}`;
  }
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const WIDE_HEADER = [
  "First Name",
  "Last Name",
  "Company",
  "Email",
  "Phone",
  "Time Zone",
  "Consent",
  "Lead Source",
  "Job Title",
  "Lifecycle Stage",
  "Contact Owner",
  "Street",
  "City",
  "State",
  "Zip",
  "Create Date",
  "Notes",
];

export function generateLeadsCsv({
  rows,
  shape,
  seed = 42,
}: {
  rows: number;
  shape: LeadFileShape;
  seed?: number;
}): { csv: string; expected: ExpectedImport } {
  const rand = mulberry32(seed);
  const lines = [shape === "short" ? "phone,first_name" : WIDE_HEADER.join(",")];
  const expected: ExpectedImport = { rows, imported: 0, skipped: 0, rejected: 0, warned: 0 };
  // Numbers already written, each as a way to write it again differently.
  const written: ((rand: () => number) => string)[] = [];
  let fresh = 0;
  let london = 0;
  for (let i = 0; i < rows; i++) {
    const first = pick(rand, FIRST);
    const r = rand();
    let phone: string;
    let kind: "invalid" | "repeat" | "new";
    if (r < 0.015) {
      phone = pick(rand, INVALID);
      kind = "invalid";
    } else if (r < 0.04 && written.length > 0) {
      phone = pick(rand, written)(rand);
      kind = "repeat";
    } else if (shape === "wide" && r < 0.07 && london < 10_000) {
      const line = String(london++).padStart(4, "0");
      phone = `+44 20 7946 ${line}`;
      written.push((rand) => (rand() < 0.5 ? `+44207946${line}` : `0044 20 7946 ${line}`));
      kind = "new";
    } else {
      const n = usNumber(fresh++);
      written.push((rand) => formatPhone(rand, n));
      phone = shape === "short" && rand() < 0.8 ? `${n.area}${n.exchange}${n.line}` : formatPhone(rand, n);
      kind = "new";
    }
    if (kind === "invalid") expected.rejected++;
    else if (kind === "repeat") expected.skipped++;
    else expected.imported++;

    if (shape === "short") {
      lines.push(`${csvCell(phone)},${csvCell(first)}`);
      continue;
    }
    const last = pick(rand, LAST);
    let email =
      rand() < 0.85 ? `${first}.${last}${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, "") : "";
    if (kind === "new" && rand() < 0.01) {
      email = rand() < 0.5 ? `pat.king${i}@example` : `élodie.${i}@ex2.com`;
      expected.warned++;
    }
    const [city, state] = pick(rand, CITIES) as [string, string];
    const notes =
      rand() < 0.1
        ? `Asked for a quote, "urgent", call after 5pm\nSecond line`
        : rand() < 0.5
          ? "Interested in the spring promotion; prefers mornings"
          : "";
    lines.push(
      [
        first,
        last,
        pick(rand, COMPANY),
        email,
        phone,
        pick(rand, TZ),
        rand() < 0.7 ? "yes" : "",
        pick(rand, SOURCES),
        pick(rand, TITLES),
        pick(rand, STAGES),
        pick(rand, OWNERS),
        `${100 + Math.floor(rand() * 9900)} ${pick(rand, STREETS)}`,
        city,
        state,
        String(10000 + Math.floor(rand() * 89999)),
        `2026-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)} 09:30`,
        notes,
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return { csv: `${lines.join("\r\n")}\r\n`, expected };
}
