import { describe, expect, it } from "vitest";
import { dateRangeLabel, dayIn, durationLabel, lastDays } from "./call-filter-labels";

describe("calls log filter labels", () => {
  it("names a duration filter by its preset, or by its bounds", () => {
    expect(durationLabel(undefined, undefined)).toBeNull();
    expect(durationLabel(undefined, 29)).toBe("Under 30 s");
    expect(durationLabel(300, undefined)).toBe("5 min or more");
    expect(durationLabel(45, undefined)).toBe("≥ 45 s");
    expect(durationLabel(undefined, 600)).toBe("≤ 10 min");
    expect(durationLabel(10, 90)).toBe("10 s–1:30");
    expect(durationLabel(60, 60)).toBe("1 min");
  });

  it("names a date range by its days", () => {
    expect(dateRangeLabel(undefined, undefined)).toBeNull();
    expect(dateRangeLabel("2026-12-01", "2026-12-07")).toBe("Dec 1–Dec 7");
    expect(dateRangeLabel("2026-12-03", "2026-12-03")).toBe("Dec 3");
    expect(dateRangeLabel("2026-01-05", undefined)).toBe("From Jan 5");
    expect(dateRangeLabel(undefined, "2026-02-28")).toBe("Until Feb 28");
  });

  it("counts presets back from the viewer's today, in the viewer's zone", () => {
    const now = new Date("2026-12-01T03:00:00Z"); // Nov 30 in New York, Dec 1 in Tokyo
    expect(dayIn(now, "America/New_York")).toBe("2026-11-30");
    expect(dayIn(now, "Asia/Tokyo")).toBe("2026-12-01");
    expect(lastDays(1, now, "America/New_York")).toEqual({ from: "2026-11-30", to: "2026-11-30" });
    expect(lastDays(7, now, "Asia/Tokyo")).toEqual({ from: "2026-11-25", to: "2026-12-01" });
    expect(lastDays(30, new Date("2026-03-10T12:00:00Z"), "UTC")).toEqual({
      from: "2026-02-09",
      to: "2026-03-10",
    });
  });
});
