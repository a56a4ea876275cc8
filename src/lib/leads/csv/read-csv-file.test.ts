import { describe, expect, it } from "vitest";
import type { CsvRow } from "@/lib/schemas/lead-import";
import { fingerprintBytes, openCsvFile, streamCsvBatches } from "./read-csv-file";

const file = (text: string) => new TextEncoder().encode(text);
const LIMITS = { maxRows: 2, maxBytes: 10_000 };

async function collect(
  text: string,
  afterRow = 0,
  limits: typeof LIMITS & { maxCellChars?: number } = LIMITS,
) {
  const batches: CsvRow[][] = [];
  const result = await streamCsvBatches(text, {
    afterRow,
    limits,
    onBatch: async (rows) => {
      batches.push(rows);
    },
  });
  return { batches, result };
}

describe("fingerprintBytes", () => {
  it("is 16 hex digits, the same for the same bytes and different for one changed byte", () => {
    const a = fingerprintBytes(file("phone\n2125550100\n"));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintBytes(file("phone\n2125550100\n"))).toBe(a);
    expect(fingerprintBytes(file("phone\n2125550101\n"))).not.toBe(a);
    // Same length, bytes swapped.
    expect(fingerprintBytes(file("phone\n2125550010\n"))).not.toBe(a);
  });
});

describe("openCsvFile", () => {
  it("counts the rows, keeps the first ones and says what the file is", async () => {
    const bytes = file("\uFEFFPhone,Name\r\n2125550100,Ava\r\n\r\n2125550101,Ben\r\n2125550102\r\n");
    const { summary } = await openCsvFile(bytes, { previewRows: 2 });
    expect(summary).toMatchObject({
      headers: ["Phone", "Name"],
      rowCount: 3,
      delimiter: ",",
      encoding: "utf-8",
      hadBom: true,
      bytes: bytes.byteLength,
      fingerprint: fingerprintBytes(bytes),
      preview: [
        { row: 2, cells: ["2125550100", "Ava"] },
        { row: 4, cells: ["2125550101", "Ben"] },
      ],
    });
    const long = await openCsvFile(file(`phone,notes\n1,${"n".repeat(30)}\n`), {
      previewRows: 1,
      maxCellChars: 10,
    });
    expect(long.summary.preview[0]?.cells).toEqual(["1", "n".repeat(10)]);
    expect(summary.problems).toEqual([
      { row: 5, message: "has 1 field, the header has 2: missing fields left empty" },
    ]);
  });
});

describe("streamCsvBatches", () => {
  const text = "phone\n1\n2\n\n3\n4\n5\n";

  it("sends every row in order, in batches within the limits", async () => {
    const { batches, result } = await collect(text);
    expect(batches.map((b) => b.map((r) => r.row))).toEqual([[2, 3], [5, 6], [7]]);
    expect(result).toEqual({ rowCount: 5, sentRows: 5 });
  });

  it("sends only the rows after `afterRow` when an import resumes", async () => {
    const { batches, result } = await collect(text, 3);
    expect(batches.flat().map((r) => r.cells[0])).toEqual(["3", "4", "5"]);
    expect(result.sentRows).toBe(3);
  });

  it("cuts a cell longer than the limit instead of failing the import over it", async () => {
    const { batches } = await collect(`phone,notes\n1,${"n".repeat(50)}\n`, 0, {
      ...LIMITS,
      maxCellChars: 20,
    });
    expect(batches[0]?.[0]?.cells).toEqual(["1", "n".repeat(20)]);
  });

  it("stops at a row too large to send, naming it, before sending it", async () => {
    const big = `phone,notes\n1,a\n2,${"x".repeat(3_000)}\n3,b\n`;
    const sent: number[] = [];
    const error = await streamCsvBatches(big, {
      limits: { maxRows: 10, maxBytes: 1_000 },
      onBatch: async (rows) => {
        sent.push(...rows.map((r) => r.row));
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      "Row 3 holds 3 KB of text; an import takes rows of up to 1,000 bytes. Shorten its cells or remove the row, then import again.",
    );
    expect(sent).toEqual([2]);
  });
});
