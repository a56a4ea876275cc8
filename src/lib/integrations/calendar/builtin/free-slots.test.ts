import { describe, expect, it } from "vitest";
import { businessSlots, wallToInstant, withoutBusy } from "./free-slots";

const hours = { days: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 12 * 60 };
const iso = (slots: { start: Date }[]) => slots.map((s) => s.start.toISOString());

describe("businessSlots", () => {
  it("aligns starts to the meeting length and ends by closing time", () => {
    const slots = businessSlots({
      hours: { days: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 10 * 60 + 40 },
      minutes: 45,
      zone: "America/Chicago",
      // Tuesday 2026-12-08, Chicago is UTC-6.
      from: new Date("2026-12-08T00:00:00Z"),
      to: new Date("2026-12-09T06:00:00Z"),
      now: new Date("2026-12-01T00:00:00Z"),
    });
    // 9:00, 9:45; 10:30 would end at 11:15, after closing at 10:40.
    expect(iso(slots)).toEqual(["2026-12-08T15:00:00.000Z", "2026-12-08T15:45:00.000Z"]);
    expect(slots[0]!.end.toISOString()).toBe("2026-12-08T15:45:00.000Z");
  });

  it("skips the weekend", () => {
    const slots = businessSlots({
      hours,
      minutes: 60,
      zone: "America/New_York",
      // Friday 19:00 New York (after closing) to the end of Monday 2026-12-07.
      from: new Date("2026-12-05T00:00:00Z"),
      to: new Date("2026-12-08T05:00:00Z"),
      now: new Date("2026-12-01T00:00:00Z"),
    });
    expect(iso(slots)).toEqual([
      "2026-12-07T14:00:00.000Z",
      "2026-12-07T15:00:00.000Z",
      "2026-12-07T16:00:00.000Z",
    ]);
  });

  it("never offers a time before now, even when asked from earlier", () => {
    const slots = businessSlots({
      hours,
      minutes: 60,
      zone: "America/New_York",
      from: new Date("2026-12-07T00:00:00Z"),
      to: new Date("2026-12-08T00:00:00Z"),
      // Monday 10:20 New York: 9:00 and 10:00 are gone, 11:00 is left.
      now: new Date("2026-12-07T15:20:00Z"),
    });
    expect(iso(slots)).toEqual(["2026-12-07T16:00:00.000Z"]);
  });

  it("keeps 9:00 at 9:00 across the spring-forward change", () => {
    const run = (day: string) =>
      iso(
        businessSlots({
          hours: { days: [1, 2, 3, 4, 5, 6, 7], startMinute: 9 * 60, endMinute: 10 * 60 },
          minutes: 60,
          zone: "America/New_York",
          from: new Date(`${day}T00:00:00Z`),
          to: new Date(`${day}T23:59:00Z`),
          now: new Date("2026-01-01T00:00:00Z"),
        }),
      );
    // Clocks go forward on Sunday 2026-03-08: 9:00 EST is 14:00Z, 9:00 EDT is 13:00Z.
    expect(run("2026-03-07")).toEqual(["2026-03-07T14:00:00.000Z"]);
    expect(run("2026-03-08")).toEqual(["2026-03-08T13:00:00.000Z"]);
  });

  it("skips a start that falls in the skipped hour and picks the earlier of a repeated one", () => {
    // 02:30 does not exist in New York on 2026-03-08; 01:30 happens twice on 2026-11-01.
    expect(wallToInstant("America/New_York", Date.UTC(2026, 2, 8, 2, 30))).toBeNull();
    expect(new Date(wallToInstant("America/New_York", Date.UTC(2026, 10, 1, 1, 30))!).toISOString()).toBe(
      "2026-11-01T05:30:00.000Z",
    );
    const slots = businessSlots({
      hours: { days: [7], startMinute: 2 * 60, endMinute: 4 * 60 },
      minutes: 30,
      zone: "America/New_York",
      from: new Date("2026-03-08T05:00:00Z"),
      to: new Date("2026-03-08T10:00:00Z"),
      now: new Date("2026-01-01T00:00:00Z"),
    });
    // 02:00 and 02:30 are skipped; 03:00 EDT = 07:00Z.
    expect(iso(slots)).toEqual(["2026-03-08T07:00:00.000Z", "2026-03-08T07:30:00.000Z"]);
  });

  it("an existing booking removes the slots it overlaps", () => {
    const slots = businessSlots({
      hours,
      minutes: 30,
      zone: "UTC",
      from: new Date("2026-12-07T09:00:00Z"),
      to: new Date("2026-12-07T11:00:00Z"),
      now: new Date("2026-12-01T00:00:00Z"),
    });
    const busy = [{ start: new Date("2026-12-07T09:45:00Z"), end: new Date("2026-12-07T10:15:00Z") }];
    expect(iso(withoutBusy(slots, busy))).toEqual(["2026-12-07T09:00:00.000Z", "2026-12-07T10:30:00.000Z"]);
  });
});
