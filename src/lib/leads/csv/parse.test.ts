import { describe, expect, it } from "vitest";
import { detectDelimiter, parseCsv, parseCsvPreview } from "./parse";

async function collect(text: string, chunkSize?: number) {
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const progress: number[] = [];
  const result = await parseCsv(text, {
    chunkSize,
    onRows: async (batch, p, numbers) => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      rows.push(...batch);
      rowNumbers.push(...numbers);
      progress.push(p.bytes / p.total);
    },
  });
  return { ...result, rows, rowNumbers, progress };
}

describe("detectDelimiter", () => {
  it.each([
    ["a,b\n1,2", ","],
    ["a;b\n1,5;2", ";"],
    ["a\tb\n1\t2", "\t"],
    ["a|b\n1|2", "|"],
    ["phone\n+14155552671", ","],
  ])("finds the delimiter of %j", (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

describe("parseCsv", () => {
  it("numbers rows as a spreadsheet does: quoted line breaks stay in their row, blank rows count", async () => {
    const text = 'Phone,Notes\r\n+1415,"line one\r\nline two"\r\n\r\n,,\r\n+1416,x\r\n\r\n';
    const result = await collect(text);
    expect(result).toMatchObject({
      headers: ["Phone", "Notes"],
      delimiter: ",",
      rowCount: 2,
      errors: [],
      rows: [
        ["+1415", "line one\r\nline two"],
        ["+1416", "x"],
      ],
      rowNumbers: [2, 5],
    });
  });

  it("reports rows of the wrong width and still passes them on", async () => {
    const result = await collect("a,b,c\n1,2\n1,2,3,4\n1,2,3,,\n");
    expect(result.rows).toEqual([
      ["1", "2", ""],
      ["1", "2", "3"],
      ["1", "2", "3"],
    ]);
    expect(result.errors).toEqual([
      { row: 2, message: "has 2 fields, the header has 3: missing fields left empty" },
      { row: 3, message: "has 4 fields, the header has 3: extra fields dropped" },
    ]);
  });

  it("reports an unclosed quote at its row", async () => {
    const result = await collect('a,b\n1,2\n3,"open\n4,5\n');
    expect(result.errors).toEqual([{ row: 3, message: expect.stringContaining("never closed") }]);
  });

  it("streams large files in chunks with the same result as one pass", async () => {
    let text = "Phone;Name;Notes\n";
    for (let i = 0; i < 5_000; i++) text += `${i};"Name ${i}";"a\nb"\n${i % 100 === 0 ? "\n" : ""}`;
    const chunked = await collect(text, 4_096);
    expect(chunked.delimiter).toBe(";");
    expect(chunked.rowCount).toBe(5_000);
    expect(chunked.rows[4_999]).toEqual(["4999", "Name 4999", "a\nb"]);
    expect(chunked.rowNumbers[4_999]).toBe(1 + 5_000 + 50);
    expect(chunked.progress.length).toBeGreaterThan(10);
    expect(chunked.progress.at(-1)).toBe(1);
  });

  it("stops and rejects when the consumer fails", async () => {
    await expect(
      parseCsv("a\n1\n2", {
        onRows: () => {
          throw new Error("database down");
        },
      }),
    ).rejects.toThrow("database down");
  });

  it("returns no headers for an empty file", async () => {
    expect(await collect("")).toMatchObject({ headers: [], rowCount: 0, rows: [] });
  });
});

describe("parseCsvPreview", () => {
  it("returns the header and the first n data rows with their row numbers", () => {
    expect(parseCsvPreview("\uFEFFPhone;Name\n\n1;a\n2;b\n3;c", 2)).toEqual({
      headers: ["Phone", "Name"],
      delimiter: ";",
      rows: [
        ["1", "a"],
        ["2", "b"],
      ],
      rowNumbers: [3, 4],
      errors: [],
    });
  });

  it("still reads the header when no rows are asked for", () => {
    expect(parseCsvPreview("Phone\n1", 0).headers).toEqual(["Phone"]);
  });
});
