import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { applyMapping } from "@/lib/leads/csv/map-rows";
import { type getImportReport, rejectedRowsCsv } from "./get-import-report";

type Report = Awaited<ReturnType<typeof getImportReport>>;

/** A report as the import stores it: the file's own headers and raw cells, which users wrote. */
const report = (headers: string[], raw: string[][]): Report =>
  ({
    headers,
    rows: raw.map((cells, i) => ({
      row: i + 2,
      status: "rejected",
      reason: "not a phone number",
      raw: cells,
    })),
  }) as unknown as Report;

describe("the not-imported rows file", () => {
  it("escapes formula-like cells and headers (CSV injection), and the importer reads them back as they were", () => {
    const headers = ['=HYPERLINK("http://evil.example")', "Phone"];
    const raw = [
      ["-2+3+cmd|' /C calc'!A0", "+1 415 555 0100"],
      ['+1+HYPERLINK("http://evil.example")', "+(1+cmd|' /C calc'!A0)"],
    ];
    const rows = Papa.parse<string[]>(rejectedRowsCsv(report(headers, raw)).slice(1), {
      skipEmptyLines: true,
    }).data;
    expect(rows[0]).toEqual(['\'=HYPERLINK("http://evil.example")', "Phone", "row", "outcome", "reason"]);
    expect(rows[1]?.slice(0, 2)).toEqual(["'-2+3+cmd|' /C calc'!A0", "'+1 415 555 0100"]);
    expect(rows[2]?.slice(0, 2)).toEqual([
      '\'+1+HYPERLINK("http://evil.example")',
      "'+(1+cmd|' /C calc'!A0)",
    ]);
    // Fixed and imported again, the escaped phone is the number it was.
    expect(applyMapping(rows[0]!.slice(0, 2), [null, "phone"], rows[1]!.slice(0, 2))).toEqual({
      phone: "+1 415 555 0100",
      customFields: { '=HYPERLINK("http://evil.example")': "-2+3+cmd|' /C calc'!A0" },
    });
  });
});
