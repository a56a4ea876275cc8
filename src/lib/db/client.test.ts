import { describe, expect, it } from "vitest";
import { parseTimestamp, rowsOf } from "./client";

describe("parseTimestamp", () => {
  it.each([
    ["2026-12-03 15:00:00+00", "2026-12-03T15:00:00.000Z"],
    ["2026-12-03 15:00:00.123456+00", "2026-12-03T15:00:00.123Z"],
    ["2026-12-03 15:00:00.9999+00", "2026-12-03T15:00:00.999Z"],
    ["2026-12-03 15:00:00.5+05:30", "2026-12-03T09:30:00.500Z"],
    ["2026-03-08 01:59:59-08", "2026-03-08T09:59:59.000Z"],
    // Local mean time before standard zones: Postgres prints the offset to the second.
    ["1890-01-01 00:00:00-04:56:02", "1890-01-01T04:56:02.000Z"],
    // Years below 100 are years, not 1900 + n.
    ["0001-01-01 00:00:00+00", "0001-01-01T00:00:00.000Z"],
    ["0044-03-15 12:00:00+00 BC", "-000043-03-15T12:00:00.000Z"],
    ["2024-02-29 23:59:59+14", "2024-02-29T09:59:59.000Z"],
    // `timestamp` without zone: read as UTC, as Drizzle's column mapper does.
    ["2026-12-03 15:00:00", "2026-12-03T15:00:00.000Z"],
  ])("%s is %s", (text, iso) => {
    expect(parseTimestamp(text).toISOString()).toBe(iso);
  });

  it("keeps infinity in order", () => {
    const early = parseTimestamp("-infinity");
    const late = parseTimestamp("infinity");
    const now = parseTimestamp("2026-12-03 15:00:00+00");
    expect(early.getTime()).toBeLessThan(now.getTime());
    expect(late.getTime()).toBeGreaterThan(now.getTime());
  });

  it("refuses text that is not a timestamp, naming it", () => {
    expect(() => parseTimestamp("03/12/2026 15:00")).toThrow('"03/12/2026 15:00"');
  });
});

describe("rowsOf", () => {
  const stamp = "2026-12-03 15:00:00.25+00";
  const when = new Date("2026-12-03T15:00:00.250Z");

  it("reads postgres-js results (rows with `columns`): timestamps become Dates, nothing else changes", () => {
    const result = Object.assign([{ id: "a", at: stamp, note: stamp, gone: null }], {
      columns: [
        { name: "id", type: 2950 },
        { name: "at", type: 1184 },
        { name: "note", type: 25 },
        { name: "gone", type: 1184 },
      ],
    });
    // Spread: the array also carries postgres-js's own `columns`.
    expect([...rowsOf(result)]).toEqual([{ id: "a", at: when, note: stamp, gone: null }]);
  });

  it("reads PGlite results (`{ rows, fields }`) the same way", () => {
    const result = {
      rows: [{ id: "a", at: stamp, note: stamp, gone: null }],
      fields: [
        { name: "id", dataTypeID: 2950 },
        { name: "at", dataTypeID: 1184 },
        { name: "note", dataTypeID: 25 },
        { name: "gone", dataTypeID: 1114 },
      ],
    };
    expect(rowsOf(result)).toEqual([{ id: "a", at: when, note: stamp, gone: null }]);
  });

  it("returns rows without a description as they are", () => {
    expect(rowsOf([{ at: stamp }])).toEqual([{ at: stamp }]);
    expect(rowsOf({ rows: [{ at: when }] })).toEqual([{ at: when }]);
    expect(rowsOf({})).toEqual([]);
  });
});
