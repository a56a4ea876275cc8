// Spreadsheets run a cell that starts with one of these as a formula (CSV injection, OWASP).
const FORMULA_START = /^[=+\-@\t\r]/;
const E164 = /^\+[1-9]\d{5,14}$/;

/**
 * A cell that a spreadsheet will show as text and never run: a leading apostrophe, which Excel,
 * Numbers and Google Sheets treat as "this is text". E.164 numbers are left as they are: "+" and
 * digits alone evaluate to a number, can't call a function, and re-import unchanged.
 */
export function spreadsheetSafe(value: string): string {
  if (E164.test(value)) return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Undoes `spreadsheetSafe` for a cell read back from one of our own exports. */
export function unescapeSpreadsheetCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}
