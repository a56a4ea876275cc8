import { unescapeSpreadsheetCell } from "@/lib/csv/write-csv";
import type { LeadInput } from "../normalize/normalize-lead";
import { type LeadField, uniqueHeaderNames } from "./headers";

// Keyed by the headers array: an import maps 200,000 rows with the same headers.
const uniqueNamesCache = new WeakMap<readonly string[], string[]>();

function customFieldNames(headers: readonly string[]): string[] {
  let names = uniqueNamesCache.get(headers);
  if (!names) {
    names = uniqueHeaderNames(headers.map(unescapeSpreadsheetCell));
    uniqueNamesCache.set(headers, names);
  }
  return names;
}

/**
 * One CSV row as lead input: mapped columns fill their field (the first non-empty one wins if a
 * field is mapped twice), every other non-empty cell becomes a custom field under its unique
 * header name. Empty cells are left out, so "no value" and "not in the file" look the same. Cells and
 * headers escaped by our own CSV exports (`'+1 415…`) read as they were before escaping.
 */
export function applyMapping(
  headers: readonly string[],
  mapping: readonly (LeadField | null)[],
  row: readonly string[],
): LeadInput {
  const names = customFieldNames(headers);
  const input: LeadInput = {};
  const custom: [string, string][] = [];
  const width = Math.max(headers.length, mapping.length);
  for (let i = 0; i < width; i++) {
    // A file we wrote (the not-imported report) escaped formula-like cells with an apostrophe.
    const value = unescapeSpreadsheetCell(row[i]?.trim() ?? "");
    if (value === "") continue;
    const field = mapping[i] ?? null;
    if (field === null) custom.push([names[i] ?? `Column ${i + 1}`, value]);
    else if (input[field] === undefined) input[field] = value;
  }
  // fromEntries, not assignment: a header called "__proto__" must stay an ordinary key.
  if (custom.length > 0) input.customFields = Object.fromEntries(custom);
  return input;
}
