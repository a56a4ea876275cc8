import { describe, expect, it } from "vitest";
import { CheckSuperseded, checkCsvRows } from "./check-rows";

const setup = { headers: ["Phone", "Name", "Email"], mapping: ["phone", "fullName", "email"] as const };
const ctx = { defaultCountry: "US" as const, defaultTimezone: "America/New_York" };
// The shape: 25 rows of which 17 arrive. Rows 2..26.
const lines = [
  "Phone,Name,Email",
  ...Array.from({ length: 17 }, (_, i) => `212555${String(1000 + i)},Lead ${i},`),
  "(212) 555-1000,Again,", // row 19: repeats row 2
  "212.555.1001,Again,", // row 20: repeats row 3
  "+1 212 555 1000,Third,", // row 21: repeats row 2 again
  "call me,Nope,", // row 22: rejected
  "N/A,Nope,", // row 23: rejected
  "2125551016,Repeat of the last,", // row 24: repeats row 18
  "2125551017,Pat King,pat.king@example", // row 25: new, its email is left out
  "2125551017,Pat King,", // row 26: repeats row 25
];
const text = `${lines.join("\n")}\n`;

describe("checkCsvRows", () => {
  it("counts what will arrive: valid rows less the repeats of a phone in the file", async () => {
    const check = await checkCsvRows(text, {
      setup: { ...setup, mapping: [...setup.mapping] },
      ctx,
      duplicateMode: "skip",
      previewThrough: 21,
    });
    expect(check).toMatchObject({ rows: 25, importable: 18, rejected: 2, duplicates: 5 });
    // Skip keeps the first row of a phone: the preview names the row each repeat gives way to.
    expect(check.duplicateOf).toEqual({ 19: 2, 20: 3, 21: 2 });
  });

  it("update mode keeps the last row of a phone instead", async () => {
    const check = await checkCsvRows(text, {
      setup: { ...setup, mapping: [...setup.mapping] },
      ctx,
      duplicateMode: "update",
      previewThrough: 21,
    });
    expect(check.importable).toBe(18);
    // Row 18 is superseded by row 24, outside the preview: the preview still says so.
    expect(check.duplicateOf).toEqual({ 2: 21, 3: 20, 18: 24, 19: 21 });
  });

  it("stops when a newer check replaces it", async () => {
    await expect(
      checkCsvRows(text, {
        setup: { ...setup, mapping: [...setup.mapping] },
        ctx,
        duplicateMode: "skip",
        previewThrough: 0,
        isCurrent: () => false,
      }),
    ).rejects.toBeInstanceOf(CheckSuperseded);
  });
});
