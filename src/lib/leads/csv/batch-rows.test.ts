import { describe, expect, it } from "vitest";
import { type CsvRow, IMPORT_LIMITS, stageImportRowsSchema } from "@/lib/schemas/lead-import";
import { type BatchLimits, createRowBatcher, csvRowBytes, oversizedRow } from "./batch-rows";

function batches(rows: CsvRow[], limits: BatchLimits): CsvRow[][] {
  const batcher = createRowBatcher(limits);
  const out: CsvRow[][] = [];
  for (const row of rows) {
    const done = batcher.add(row);
    if (done) out.push(done);
  }
  const last = batcher.flush();
  if (last) out.push(last);
  return out;
}

const rows = (n: number, cell = (i: number) => `+1212555${String(i).padStart(4, "0")}`) =>
  Array.from({ length: n }, (_, i) => ({ row: i + 2, cells: [cell(i), "Ava"] }));

describe("csvRowBytes", () => {
  it("is the UTF-8 length of the row's JSON, counting accents, CJK and emoji", () => {
    for (const cells of [["plain"], ["Zoë Ångström"], ["東京"], ["🙂 ok"], ['quote " and \\ and \n']]) {
      const row = { row: 7, cells };
      expect(csvRowBytes(row)).toBe(Buffer.byteLength(JSON.stringify(row), "utf8"));
    }
  });
});

describe("createRowBatcher", () => {
  it("bounds batches by rows: 6,000 short rows (the issue's file) make three of 2,000", () => {
    const out = batches(rows(6_000), { maxRows: 2_000, maxBytes: 1024 * 1024 });
    expect(out.map((b) => b.length)).toEqual([2_000, 2_000, 2_000]);
    // In order, nothing lost, nothing doubled.
    expect(out.flat().map((r) => r.row)).toEqual(rows(6_000).map((r) => r.row));
  });

  it("bounds batches by bytes when rows are wide", () => {
    const wide = rows(100, (i) => `${i}`.padEnd(1_000, "x"));
    const limits = { maxRows: 2_000, maxBytes: 10_000 };
    const out = batches(wide, limits);
    for (const batch of out) {
      expect(batch.reduce((sum, r) => sum + csvRowBytes(r), 0)).toBeLessThanOrEqual(limits.maxBytes);
    }
    // ~1,020 bytes a row: nine fit in 10,000 bytes, the tenth would not.
    expect(out[0]).toHaveLength(9);
    expect(out.flat()).toHaveLength(100);
  });

  it("sends a single row larger than the byte limit alone, and flags it", () => {
    const limits = { maxRows: 2_000, maxBytes: 5_000 };
    const input = [...rows(3), { row: 5, cells: ["+12125550100", "y".repeat(9_000)] }, ...rows(2)];
    const out = batches(input, limits);
    expect(out.map((b) => b.map((r) => r.row))).toEqual([[2, 3, 4], [5], [2, 3]]);
    expect(out.map((b) => oversizedRow(b, limits)?.row ?? null)).toEqual([null, 5, null]);
    expect(oversizedRow(out[1] ?? [], limits)?.bytes).toBeGreaterThan(9_000);
  });

  it("has nothing to flush when no row was added", () => {
    expect(createRowBatcher({ maxRows: 2, maxBytes: 100 }).flush()).toBeNull();
  });

  it("builds batches the server schema accepts, at its own limits", () => {
    const limits = { maxRows: IMPORT_LIMITS.batchRows, maxBytes: IMPORT_LIMITS.batchBytes };
    const importId = "00000000-0000-4000-8000-000000000000";
    const short = batches(rows(IMPORT_LIMITS.batchRows * 2 + 1), limits);
    const wide = batches(
      rows(3_000, (i) => `Row ${i} `.padEnd(900, "é")),
      limits,
    );
    for (const batch of [...short, ...wide]) {
      expect(stageImportRowsSchema.safeParse({ importId, rows: batch }).success).toBe(true);
    }
    expect(wide.length).toBeGreaterThan(3);
    // One row more than the limit is refused, naming the limit.
    const over = stageImportRowsSchema.safeParse({ importId, rows: rows(IMPORT_LIMITS.batchRows + 1) });
    expect(over.error?.issues[0]?.message).toBe("a batch carries at most 2,000 rows");
    const heavy = rows(200, () => "x".repeat(6_000));
    const tooBig = stageImportRowsSchema.safeParse({ importId, rows: heavy });
    expect(tooBig.error?.issues[0]?.message).toBe("a batch carries at most 1 MB of text");
    expect(batches(heavy, limits).length).toBe(2);
  });
});
