import type { CountryCode } from "libphonenumber-js";
import Papa from "papaparse";
import { unescapeSpreadsheetCell } from "@/lib/csv/write-csv";
import { AppError } from "@/lib/errors";
import { guessMapping, headerKey, uniqueHeaderNames } from "@/lib/leads/csv/headers";
import { normalizePhone } from "@/lib/leads/normalize/phone";
import { DNC_IMPORT_LIMITS } from "@/lib/schemas/do-not-call";

export type DncCsvEntry = {
  row: number;
  column: string;
  value: string;
  phone: string;
  reason: string | null;
};
export type DncCsvProblem = { row: number; column: string; value: string; reason: string };
export type DncCsvRead = {
  /** Rows with at least one non-blank cell, header excluded. */
  rows: number;
  hasHeader: boolean;
  phoneColumns: string[];
  reasonColumn: string | null;
  entries: DncCsvEntry[];
  invalid: DncCsvProblem[];
};

// Do-not-call exports name the column after the list ("DNC Number", "Opt-out phone"), which the
// lead importer deliberately never maps to a lead's phone; here they are exactly what we want.
const PHONE_KEYS = new Set([
  "number",
  "numbers",
  "phones",
  "dnc",
  "dncnumber",
  "donotcall",
  "optout",
  "e164",
]);
const PHONE_WORDS = [
  "phone",
  "phones",
  "mobile",
  "cell",
  "cellphone",
  "tel",
  "telephone",
  "msisdn",
  "e164",
  "number",
];
const NOT_A_PHONE = [
  "ext",
  "extension",
  "type",
  "fax",
  "country",
  "code",
  "count",
  "status",
  "carrier",
  "valid",
];
const NOT_A_PHONE_NUMBER = [
  "account",
  "order",
  "invoice",
  "id",
  "zip",
  "postal",
  "case",
  "ticket",
  "reference",
  "ref",
];
const REASON_WORDS = [
  "reason",
  "reasons",
  "note",
  "notes",
  "comment",
  "comments",
  "remark",
  "remarks",
  "why",
];
const SAMPLE_ROWS = 20;

function words(header: string): string[] {
  return header
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const hasAny = (list: string[], wanted: readonly string[]) => wanted.some((w) => list.includes(w));

function isPhoneHeader(header: string): boolean {
  if (guessMapping([header])[0] === "phone" || PHONE_KEYS.has(headerKey(header))) return true;
  const w = words(header);
  return hasAny(w, PHONE_WORDS) && !hasAny(w, NOT_A_PHONE) && !hasAny(w, NOT_A_PHONE_NUMBER);
}

const isReasonHeader = (header: string) => hasAny(words(header), REASON_WORDS);
const isBlank = (cells: string[]) => cells.every((c) => c.trim() === "");

/** Columns where at least half of the filled cells of `sample` are valid numbers. */
function phoneColumnsByContent(sample: string[][], width: number, country: CountryCode): number[] {
  const columns: number[] = [];
  for (let c = 0; c < width; c++) {
    const filled = sample.map((cells) => (cells[c] ?? "").trim()).filter(Boolean);
    const valid = filled.filter((v) => normalizePhone(v, country).ok).length;
    if (valid > 0 && valid * 2 >= filled.length) columns.push(c);
  }
  return columns;
}

/**
 * Reads a do-not-call file: every column that looks like a phone (by its header, else by its
 * content; a bare list of numbers without a header works too) and an optional reason column.
 * Row numbers are the ones a spreadsheet shows (header = row 1), blank lines included.
 */
export function readDoNotCallCsv(
  text: string,
  country: CountryCode,
  defaultReason: string | null,
): DncCsvRead {
  const body = text.replace(/^\uFEFF/, "");
  // Papa guesses the delimiter from how evenly it splits lines, and blank lines spoil the guess;
  // they must stay in the real parse, though, so row numbers match what a spreadsheet shows.
  const { delimiter } = Papa.parse<string[]>(body, { preview: 50, skipEmptyLines: "greedy" }).meta;
  const parsed = Papa.parse<string[]>(body, { delimiter, header: false, skipEmptyLines: false });
  const records = parsed.data.map((cells) => cells.map((c) => c ?? ""));
  const firstIndex = records.findIndex((cells) => !isBlank(cells));
  const first = records[firstIndex];
  if (!first)
    throw new AppError("validation", "The file has no rows.", { fields: { csv: "The file has no rows." } });
  const width = Math.max(...records.map((r) => r.length));

  let hasHeader = true;
  let phoneCols = first.map((h, i) => (isPhoneHeader(h) ? i : -1)).filter((i) => i >= 0);
  if (phoneCols.length === 0 && first.some((cell) => cell.trim() && normalizePhone(cell, country).ok)) {
    hasHeader = false;
    phoneCols = phoneColumnsByContent(records.slice(firstIndex, firstIndex + SAMPLE_ROWS), width, country);
  } else if (phoneCols.length === 0) {
    phoneCols = phoneColumnsByContent(
      records.slice(firstIndex + 1, firstIndex + 1 + SAMPLE_ROWS),
      width,
      country,
    );
  }
  if (phoneCols.length === 0) {
    const message =
      "No column looks like a phone number. Name the column “Phone”, or upload one number per line.";
    throw new AppError("validation", message, { fields: { csv: message } });
  }
  const names = hasHeader
    ? uniqueHeaderNames([...first, ...Array<string>(Math.max(0, width - first.length)).fill("")])
    : Array.from({ length: width }, (_, i) => `Column ${i + 1}`);
  const reasonCol = hasHeader ? first.findIndex((h, i) => !phoneCols.includes(i) && isReasonHeader(h)) : -1;

  const dataStart = hasHeader ? firstIndex + 1 : firstIndex;
  const data = records.slice(dataStart).filter((cells) => !isBlank(cells));
  if (data.length > DNC_IMPORT_LIMITS.maxRows) {
    const message = `The file has ${data.length.toLocaleString("en-US")} rows; split it into files of at most ${DNC_IMPORT_LIMITS.maxRows.toLocaleString("en-US")}.`;
    throw new AppError("validation", message, { fields: { csv: message } });
  }

  const entries: DncCsvEntry[] = [];
  const invalid: DncCsvProblem[] = [];
  for (let i = dataStart; i < records.length; i++) {
    const cells = records[i] ?? [];
    if (isBlank(cells)) continue;
    const row = i + 1;
    const rawReason = reasonCol >= 0 ? unescapeSpreadsheetCell((cells[reasonCol] ?? "").trim()) : "";
    const reason = rawReason.slice(0, 500) || defaultReason;
    let found = false;
    for (const c of phoneCols) {
      const value = (cells[c] ?? "").trim();
      if (!value) continue;
      found = true;
      const column = names[c] ?? `Column ${c + 1}`;
      const result = normalizePhone(value, country);
      if (result.ok) entries.push({ row, column, value, phone: result.e164, reason });
      else invalid.push({ row, column, value, reason: result.reason });
    }
    if (!found) {
      invalid.push({
        row,
        column: names[phoneCols[0] ?? 0] ?? "Phone",
        value: "",
        reason: "missing phone number",
      });
    }
  }
  return {
    rows: data.length,
    hasHeader,
    phoneColumns: phoneCols.map((c) => names[c] ?? `Column ${c + 1}`),
    reasonColumn: reasonCol >= 0 ? (names[reasonCol] ?? null) : null,
    entries,
    invalid,
  };
}
