import { describe, expect, it } from "vitest";
import { formatFull, formatInZone, formatRelative, sameWallClock, zoneOffset } from "./format-time";

// 14:05 UTC on a Thursday in winter: Berlin is UTC+1, Phoenix UTC-7 all year, New York UTC-5.
const at = new Date("2026-12-03T14:05:00Z");

describe("formatInZone", () => {
  it("shows the wall-clock time of the zone, not UTC", () => {
    expect(formatInZone(at, "UTC", "time")).toBe("2:05 PM");
    expect(formatInZone(at, "Europe/Berlin", "time")).toBe("3:05 PM");
    expect(formatInZone(at, "America/Phoenix", "time")).toBe("7:05 AM");
  });

  it("moves the date across midnight", () => {
    const late = new Date("2026-12-03T23:30:00Z");
    expect(formatInZone(late, "UTC", "datetime")).toBe("Dec 3, 2026, 11:30 PM");
    expect(formatInZone(late, "Europe/Berlin", "datetime")).toBe("Dec 4, 2026, 12:30 AM");
    expect(formatInZone(late, "Europe/Berlin", "day-time")).toBe("Dec 4, 12:30 AM");
    expect(formatInZone(late, "Europe/Berlin", "weekday-time")).toBe("Fri 12:30 AM");
    expect(formatInZone(late, "Europe/Berlin", "date")).toBe("Dec 4, 2026");
  });

  it("drops the year in the short form only when it is the current year in that zone", () => {
    expect(formatInZone(at, "UTC", "short", new Date("2026-06-01T00:00:00Z"))).toBe("Dec 3");
    expect(formatInZone(at, "UTC", "short", new Date("2027-01-02T00:00:00Z"))).toBe("Dec 3, 2026");
    // New Year's Eve in New York is already next year in UTC.
    const eve = new Date("2026-12-31T23:00:00-05:00");
    expect(formatInZone(eve, "America/New_York", "short", eve)).toBe("Dec 31");
  });
});

describe("weekday-time against now", () => {
  // Monday Dec 7, 2026, 10:00 in New York.
  const monday = new Date("2026-12-07T15:00:00Z");
  it("says today, tomorrow and yesterday on the viewer's calendar, not a weekday", () => {
    expect(formatInZone(new Date("2026-12-07T20:33:00Z"), "America/New_York", "weekday-time", monday)).toBe(
      "today 3:33 PM",
    );
    expect(formatInZone(new Date("2026-12-08T14:00:00Z"), "America/New_York", "weekday-time", monday)).toBe(
      "tomorrow 9:00 AM",
    );
    expect(formatInZone(new Date("2026-12-06T22:10:00Z"), "America/New_York", "weekday-time", monday)).toBe(
      "yesterday 5:10 PM",
    );
  });

  it("uses the zone's midnight: 11 PM in New York is still today there, tomorrow in UTC", () => {
    const late = new Date("2026-12-08T04:00:00Z");
    expect(formatInZone(late, "America/New_York", "weekday-time", monday)).toBe("today 11:00 PM");
    expect(formatInZone(late, "UTC", "weekday-time", monday)).toBe("tomorrow 4:00 AM");
  });

  it("names the weekday within the week and the date beyond it", () => {
    expect(formatInZone(new Date("2026-12-10T20:33:00Z"), "America/New_York", "weekday-time", monday)).toBe(
      "Thu 3:33 PM",
    );
    expect(formatInZone(new Date("2026-12-14T20:33:00Z"), "America/New_York", "weekday-time", monday)).toBe(
      "Dec 14, 3:33 PM",
    );
  });
});

describe("zone names", () => {
  it("gives offsets that follow daylight saving time", () => {
    expect(zoneOffset(at, "Europe/Berlin")).toBe("GMT+01:00");
    expect(zoneOffset(new Date("2026-07-01T12:00:00Z"), "Europe/Berlin")).toBe("GMT+02:00");
  });

  it("treats zones with the same offset at that instant as the same wall clock", () => {
    expect(sameWallClock(at, "America/Phoenix", "America/Denver")).toBe(true);
    expect(sameWallClock(new Date("2026-07-01T12:00:00Z"), "America/Phoenix", "America/Denver")).toBe(false);
    expect(sameWallClock(at, "Europe/Berlin", "Europe/Berlin")).toBe(true);
    expect(sameWallClock(at, "Europe/Berlin", "UTC")).toBe(false);
  });

  it("names the zone in the full form", () => {
    expect(formatFull(at, "America/Phoenix")).toBe(
      "Thursday, December 3, 2026 at 7:05:00 AM MST (America/Phoenix)",
    );
  });
});

describe("formatRelative", () => {
  it("picks the largest unit that fits, both ways", () => {
    expect(formatRelative(new Date(at.getTime() + 3 * 3600_000), at)).toBe("in 3 hours");
    expect(formatRelative(new Date(at.getTime() - 5 * 60_000), at)).toBe("5 minutes ago");
    expect(formatRelative(new Date(at.getTime() - 26 * 3600_000), at)).toBe("yesterday");
    expect(formatRelative(new Date(at.getTime() + 20_000), at)).toBe("just now");
    expect(formatRelative(new Date(at.getTime() + 50_000), at)).toBe("in 1 minute");
  });
});
