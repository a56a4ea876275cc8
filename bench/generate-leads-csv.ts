/**
 * A realistic lead file for benchmarks: CRM-style headers, mixed phone formats, US numbers across
 * time zones plus some international ones, a time zone column that is often blank, ~2% invalid
 * phone numbers and ~3% repeated phones. Deterministic (seeded) so runs compare.
 */

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
];
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
];
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
const TZ = ["", "", "", "EST", "America/Chicago", "PST", "MST", "America/New_York", "UTC-5", "Pacific"];
const SOURCES = ["Web form", "Trade show", "Referral", "Cold list", "Webinar"];
const INVALID = ["555-12", "N/A", "12345", "call me", "+1 (000) 000-0000", "1.4155E+10"];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function usNumber(rand: () => number) {
  const area = pick(rand, AREA_CODES);
  const exchange = String(200 + Math.floor(rand() * 700)).replace(/^(\d)11$/, "$122");
  const line = String(Math.floor(rand() * 10000)).padStart(4, "0");
  return { area, exchange: exchange === "555" ? "556" : exchange, line };
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
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function generateLeadsCsv(rows: number, seed = 42): string {
  const rand = mulberry32(seed);
  const header = [
    "First Name",
    "Last Name",
    "Company",
    "Email",
    "Phone",
    "Time Zone",
    "Consent",
    "Lead Source",
    "Notes",
  ];
  const lines = [header.join(",")];
  const seen: string[] = [];
  for (let i = 0; i < rows; i++) {
    const first = pick(rand, FIRST);
    const last = pick(rand, LAST);
    const r = rand();
    let phone: string;
    if (r < 0.02) phone = pick(rand, INVALID);
    else if (r < 0.05 && seen.length > 0) phone = pick(rand, seen);
    else if (r < 0.08) phone = `+44 20 7946 ${String(Math.floor(rand() * 10000)).padStart(4, "0")}`;
    else phone = formatPhone(rand, usNumber(rand));
    if (r >= 0.05 && seen.length < 50_000) seen.push(phone);
    const email =
      rand() < 0.85 ? `${first}.${last}${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, "") : "";
    const notes = rand() < 0.1 ? `Asked for a quote, "urgent", call after 5pm\nSecond line` : "";
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
        notes,
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
