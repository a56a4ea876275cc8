import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvLines, spreadsheetSafe, toCsv, unescapeSpreadsheetCell } from "./write-csv";

// OWASP's CSV injection payloads and their usual disguises.
const PAYLOADS = [
  "=1+1",
  '=HYPERLINK("http://evil.example","click")',
  "-2+3+cmd|' /C calc'!A0",
  '+1+HYPERLINK("http://evil.example")',
  "+(1+cmd|' /C calc'!A0)",
  "@SUM(1+9)*cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
  "-1",
  "+44 20 7946 0958",
];

describe("spreadsheetSafe", () => {
  it.each(PAYLOADS)("escapes %j with a leading apostrophe", (payload) => {
    expect(spreadsheetSafe(payload)).toBe(`'${payload}`);
    expect(unescapeSpreadsheetCell(spreadsheetSafe(payload))).toBe(payload);
  });

  it("leaves ordinary text and bare E.164 numbers alone", () => {
    for (const value of ["Ava Stone", "+14155550123", "2026-12-07", "", "it's fine", "a=b"]) {
      expect(spreadsheetSafe(value)).toBe(value);
      expect(unescapeSpreadsheetCell(value)).toBe(value);
    }
  });
});

describe("toCsv", () => {
  it("escapes header cells too, starts with a BOM, ends lines with CRLF, and parses back", () => {
    const csv = toCsv(
      ["=cmd|' /C calc'!A0", "name"],
      [
        ["-2+3+cmd|' /C calc'!A0", 'Ava, "the" Stone'],
        [7, null],
      ],
    );
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(parsed).toEqual([
      ["'=cmd|' /C calc'!A0", "name"],
      ["'-2+3+cmd|' /C calc'!A0", 'Ava, "the" Stone'],
      ["7", ""],
    ]);
  });

  it("writes no line for no rows", () => {
    expect(csvLines([])).toBe("");
    expect(toCsv(["a"], [])).toBe("\uFEFFa\r\n");
  });
});
