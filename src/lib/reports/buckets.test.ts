import { describe, expect, it } from "vitest";
import { planDays, planHours } from "./buckets";

const d = (s: string) => new Date(s);
const iso = (w: readonly (readonly [Date, Date])[]) => w.map(([s, e]) => [s.toISOString(), e.toISOString()]);

describe("planHours", () => {
  it("whole hours come from the rollup, the partial ends raw", () => {
    const p = planHours(d("2026-12-01T05:20:00Z"), d("2026-12-03T14:45:00Z"));
    expect(p.hourStart.toISOString()).toBe("2026-12-01T06:00:00.000Z");
    expect(p.hourEnd.toISOString()).toBe("2026-12-03T14:00:00.000Z");
    expect(iso(p.raw)).toEqual([
      ["2026-12-01T05:20:00.000Z", "2026-12-01T06:00:00.000Z"],
      ["2026-12-03T14:00:00.000Z", "2026-12-03T14:45:00.000Z"],
    ]);
  });
  it("a range inside one hour is all raw", () => {
    const p = planHours(d("2026-12-03T10:05:00Z"), d("2026-12-03T10:50:00Z"));
    expect(p.hourStart).toEqual(p.hourEnd);
    expect(iso(p.raw)).toEqual([["2026-12-03T10:05:00.000Z", "2026-12-03T10:50:00.000Z"]]);
  });
  it("per-day in a zone on the hour needs no raw rows", () => {
    const p = planHours(d("2026-11-27T05:00:00Z"), d("2026-12-03T15:00:00Z"), "America/New_York");
    expect(p.skip).toEqual([]);
    expect(p.raw).toEqual([]);
  });
  it("per-day in India: each midnight falls at :30, so that hour is read raw", () => {
    const p = planHours(d("2026-11-30T18:30:00Z"), d("2026-12-03T15:00:00Z"), "Asia/Kolkata");
    expect(p.skip.map((h) => h.toISOString())).toEqual([
      "2026-12-01T18:00:00.000Z",
      "2026-12-02T18:00:00.000Z",
    ]);
    expect(iso(p.raw)).toEqual([
      ["2026-11-30T18:30:00.000Z", "2026-11-30T19:00:00.000Z"],
      ["2026-12-01T18:00:00.000Z", "2026-12-01T19:00:00.000Z"],
      ["2026-12-02T18:00:00.000Z", "2026-12-02T19:00:00.000Z"],
    ]);
  });
});

describe("planDays", () => {
  it("whole UTC days from the rollup, the partial days at the ends raw", () => {
    const p = planDays(d("2026-11-27T05:00:00Z"), d("2026-12-03T15:00:00Z"));
    expect([p.dayStart, p.dayEnd]).toEqual(["2026-11-28", "2026-12-03"]);
    expect(iso(p.raw)).toEqual([
      ["2026-11-27T05:00:00.000Z", "2026-11-28T00:00:00.000Z"],
      ["2026-12-03T00:00:00.000Z", "2026-12-03T15:00:00.000Z"],
    ]);
  });
  it("less than a day: all raw", () => {
    const p = planDays(d("2026-12-03T05:00:00Z"), d("2026-12-03T15:00:00Z"));
    expect(p.dayStart).toBe(p.dayEnd);
    expect(p.raw).toHaveLength(1);
  });
});
