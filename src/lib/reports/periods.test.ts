import { describe, expect, it } from "vitest";
import { localDate, midnightsWithin, reportQuerySchema, resolvePeriod, zonedMidnight } from "./periods";

// Thursday 2026-12-03, 10:00 in New York (15:00 UTC); already Friday 04:00 in Auckland (UTC+13).
const NOW = new Date("2026-12-03T15:00:00Z");
const q = (over: Record<string, string>) => reportQuerySchema.parse(over);

describe("zonedMidnight", () => {
  it("is the first instant of the local day", () => {
    expect(zonedMidnight("2026-12-03", "America/New_York").toISOString()).toBe("2026-12-03T05:00:00.000Z");
    expect(zonedMidnight("2026-12-03", "Asia/Kolkata").toISOString()).toBe("2026-12-02T18:30:00.000Z");
    expect(zonedMidnight("2026-12-03", "Asia/Kathmandu").toISOString()).toBe("2026-12-02T18:15:00.000Z");
    expect(zonedMidnight("2026-12-04", "Pacific/Auckland").toISOString()).toBe("2026-12-03T11:00:00.000Z");
  });
  it("follows daylight saving: New York's day after the spring change starts at 04:00 UTC", () => {
    expect(zonedMidnight("2026-03-09", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
  });
  it("a day with no midnight (Santiago springs forward at 00:00) starts at 01:00", () => {
    expect(zonedMidnight("2026-09-06", "America/Santiago").toISOString()).toBe("2026-09-06T04:00:00.000Z");
    expect(localDate(zonedMidnight("2026-09-06", "America/Santiago"), "America/Santiago")).toBe("2026-09-06");
  });
});

describe("resolvePeriod", () => {
  it("today runs from the viewer's midnight to now; the previous period is the same length before it", () => {
    const p = resolvePeriod(q({ period: "today" }), NOW, "America/New_York");
    expect(p.start.toISOString()).toBe("2026-12-03T05:00:00.000Z");
    expect(p.end).toEqual(NOW);
    expect(p.prevStart.toISOString()).toBe("2026-12-02T19:00:00.000Z");
    expect(p.prevEnd).toEqual(p.start);
    expect(p.days).toEqual(["2026-12-03"]);
  });
  it("7 days include today; a viewer in Auckland is already on Friday", () => {
    const ny = resolvePeriod(q({ period: "7d" }), NOW, "America/New_York");
    expect(ny.days).toEqual([
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
    ]);
    const nz = resolvePeriod(q({ period: "7d" }), NOW, "Pacific/Auckland");
    expect(nz.days.at(-1)).toBe("2026-12-04");
    expect(nz.start.toISOString()).toBe("2026-11-27T11:00:00.000Z");
  });
  it("custom: whole days, swapped when reversed, cut at now", () => {
    const p = resolvePeriod(q({ period: "custom", from: "2026-12-02", to: "2026-11-30" }), NOW, "UTC");
    expect(p.start.toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(p.end.toISOString()).toBe("2026-12-03T00:00:00.000Z");
    expect(p.prevStart.toISOString()).toBe("2026-11-27T00:00:00.000Z");
    const future = resolvePeriod(q({ period: "custom", from: "2026-12-01", to: "2027-01-01" }), NOW, "UTC");
    expect(future.end).toEqual(NOW);
    expect(future.days.at(-1)).toBe("2026-12-03");
  });
  it("bad input falls back to 7 days rather than failing the page", () => {
    expect(q({ period: "year" }).period).toBe("7d");
    expect(q({ period: "custom", from: "2026-12-01" }).period).toBe("7d");
    expect(q({ period: "custom", from: "nope", to: "2026-12-01" }).period).toBe("7d");
    expect(q({ campaignId: "not-a-uuid" }).campaignId).toBeUndefined();
  });
});

describe("midnightsWithin", () => {
  it("lists the local midnights strictly inside the range", () => {
    expect(
      midnightsWithin(
        new Date("2026-12-01T05:00:00Z"),
        new Date("2026-12-03T05:00:00Z"),
        "America/New_York",
      ).map((d) => d.toISOString()),
    ).toEqual(["2026-12-02T05:00:00.000Z"]);
  });
});
