import Papa from "papaparse";

// Spreadsheets run a cell that starts with one of these as a formula (CSV injection; OWASP's list).
const FORMULA_START = /^[=+\-@\t\r]/;
const E164 = /^\+[1-9]\d{5,14}$/;

/**
 * A cell that a spreadsheet will show as text and never run: a leading apostrophe, which Excel,
 * Numbers and Google Sheets treat as "this is text". Only a bare E.164 number is left as it is: "+"
 * and digits alone evaluate to a number, can't call a function, and re-import unchanged. Anything
 * else starting with = + - @ tab or CR is escaped, "-2+3+cmd|' /C calc'!A0" and "+1+HYPERLINK(…)"
 * included.
 */
export function spreadsheetSafe(value: string): string {
  if (E164.test(value)) return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Undoes `spreadsheetSafe` for a cell read back from one of our own exports. */
export function unescapeSpreadsheetCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

type Cell = string | number | null | undefined;

/** Rows as CSV lines (CRLF, quoted where needed), every cell spreadsheet-safe; no header. */
export function csvLines(rows: readonly (readonly Cell[])[]): string {
  if (rows.length === 0) return "";
  const data = rows.map((row) =>
    row.map((v) => spreadsheetSafe(v === null || v === undefined ? "" : String(v))),
  );
  return `${Papa.unparse(data, { newline: "\r\n" })}\r\n`;
}

/**
 * The one way the app writes a CSV file: a BOM so Excel reads UTF-8, then the header and the rows,
 * every header and cell spreadsheet-safe (a file's own header names come from users too).
 */
export function toCsv(fields: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `\uFEFF${csvLines([fields, ...rows])}`;
}
