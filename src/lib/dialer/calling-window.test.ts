import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { propertyRuns } from "../../../tests/helpers/property-runs";
import {
  type CallingWindow,
  callingWindowSchema,
  effectiveWindow,
  isCallableAt,
  LEGAL_WINDOW,
  nextCallableAt,
} from "./calling-window";

/*
 * Time zones with teeth: DST nights in the US, zones without DST, half- and quarter-hour offsets,
 * a 30-minute DST shift (Lord Howe), and a property test that checks every "callable" answer
 * against local times computed independently here with Intl.
 */

const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];
const WEEKDAYS = [1, 2, 3, 4, 5];
const allDay: CallingWindow = { days: ALL_DAYS, startMinute: 0, endMinute: 1440 };
const utc = (iso: string) => new Date(iso);
const callable = (iso: string, zones: string[], w: CallingWindow = allDay) =>
  isCallableAt(utc(iso), zones, w);
const next = (iso: string, zones: string[], w: CallingWindow = allDay) =>
  nextCallableAt(utc(iso), zones, w)?.toISOString() ?? null;

/** Independent local time: Intl's own hour/minute/weekday strings, no shared code. */
const independentFormatters = new Map<string, Intl.DateTimeFormat>();
function independentLocal(at: Date, zone: string): { weekday: number; minute: number } {
  let f = independentFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    independentFormatters.set(zone, f);
  }
  const parts = f.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday"));
  return { weekday, minute: Number(get("hour")) * 60 + Number(get("minute")) };
}

describe("effectiveWindow", () => {
  it("clamps a window ending at midnight to 21:00", () => {
    expect(effectiveWindow({ days: ALL_DAYS, startMinute: 9 * 60, endMinute: 1440 })).toMatchObject({
      startMinute: 9 * 60,
      endMinute: LEGAL_WINDOW.endMinute,
    });
  });
  it("clamps 06:00-23:00 to 08:00-21:00", () => {
    expect(effectiveWindow({ days: ALL_DAYS, startMinute: 6 * 60, endMinute: 23 * 60 })).toMatchObject({
      startMinute: 8 * 60,
      endMinute: 21 * 60,
    });
  });
  it("empties a window entirely outside the legal hours", () => {
    const w = { days: ALL_DAYS, startMinute: 21 * 60, endMinute: 23 * 60 };
    const eff = effectiveWindow(w);
    expect(eff.startMinute >= eff.endMinute).toBe(true);
    expect(callable("2026-06-02T02:00:00Z", ["America/New_York"], w)).toBe(false); // 22:00 EDT
    expect(nextCallableAt(utc("2026-06-02T02:00:00Z"), ["America/New_York"], w)).toBeNull();
  });
  it("a midnight-ending window is never callable at 21:00 or later", () => {
    const w = { days: ALL_DAYS, startMinute: 18 * 60, endMinute: 1440 };
    expect(callable("2026-06-03T00:59:00Z", ["America/New_York"], w)).toBe(true); // 20:59 EDT
    expect(callable("2026-06-03T01:00:00Z", ["America/New_York"], w)).toBe(false); // 21:00 EDT
    expect(callable("2026-06-03T03:59:00Z", ["America/New_York"], w)).toBe(false); // 23:59 EDT
  });
});

describe("callingWindowSchema", () => {
  it("accepts a valid window and rejects bad ones", () => {
    expect(callingWindowSchema.safeParse({ days: WEEKDAYS, startMinute: 540, endMinute: 1440 }).success).toBe(
      true,
    );
    expect(callingWindowSchema.safeParse({ days: [1, 1], startMinute: 540, endMinute: 600 }).success).toBe(
      false,
    );
    expect(callingWindowSchema.safeParse({ days: [7], startMinute: 540, endMinute: 600 }).success).toBe(
      false,
    );
    expect(callingWindowSchema.safeParse({ days: [1], startMinute: 600, endMinute: 600 }).success).toBe(
      false,
    );
    expect(callingWindowSchema.safeParse({ days: [1], startMinute: 540.5, endMinute: 600 }).success).toBe(
      false,
    );
    expect(callingWindowSchema.safeParse({ days: [1], startMinute: 0, endMinute: 1441 }).success).toBe(false);
  });
});

describe("US spring-forward night (2026-03-08, 02:00 does not exist in New York)", () => {
  const ny = ["America/New_York"];
  it("is not callable before 08:00 EDT and is from 08:00 EDT (12:00Z, not 13:00Z)", () => {
    expect(callable("2026-03-08T06:59:00Z", ny)).toBe(false); // 01:59 EST
    expect(callable("2026-03-08T07:00:00Z", ny)).toBe(false); // 03:00 EDT (the clock jumped)
    expect(callable("2026-03-08T11:59:00Z", ny)).toBe(false); // 07:59 EDT
    expect(callable("2026-03-08T12:00:00Z", ny)).toBe(true); // 08:00 EDT
    expect(next("2026-03-08T05:00:00Z", ny)).toBe("2026-03-08T12:00:00.000Z");
  });
  it("ends at 21:00 EDT", () => {
    expect(callable("2026-03-09T00:59:00Z", ny)).toBe(true); // 20:59 EDT
    expect(callable("2026-03-09T01:00:00Z", ny)).toBe(false); // 21:00 EDT
  });
  it("a window starting at 02:30 (inside the gap) is clamped to 08:00", () => {
    const w = { days: ALL_DAYS, startMinute: 150, endMinute: 600 };
    expect(next("2026-03-08T06:00:00Z", ny, w)).toBe("2026-03-08T12:00:00.000Z");
  });
  it("Phoenix and Honolulu do not change: 08:00 MST = 15:00Z, 08:00 HST = 18:00Z", () => {
    expect(callable("2026-03-08T14:59:00Z", ["America/Phoenix"])).toBe(false);
    expect(callable("2026-03-08T15:00:00Z", ["America/Phoenix"])).toBe(true);
    expect(callable("2026-03-09T03:59:00Z", ["America/Phoenix"])).toBe(true); // 20:59 MST
    expect(callable("2026-03-09T04:00:00Z", ["America/Phoenix"])).toBe(false);
    expect(next("2026-03-08T05:00:00Z", ["America/Phoenix"])).toBe("2026-03-08T15:00:00.000Z");
    expect(callable("2026-03-08T17:59:00Z", ["Pacific/Honolulu"])).toBe(false);
    expect(callable("2026-03-08T18:00:00Z", ["Pacific/Honolulu"])).toBe(true);
    expect(callable("2026-03-08T05:00:00Z", ["Pacific/Honolulu"])).toBe(true); // 19:00 HST on the 7th
    expect(next("2026-03-08T07:00:00Z", ["Pacific/Honolulu"])).toBe("2026-03-08T18:00:00.000Z");
  });
});

describe("US fall-back night (2026-11-01, 01:00-02:00 happens twice in New York)", () => {
  const ny = ["America/New_York"];
  it("is not callable in either 01:30 and opens at 08:00 EST (13:00Z)", () => {
    expect(callable("2026-11-01T05:30:00Z", ny)).toBe(false); // 01:30 EDT
    expect(callable("2026-11-01T06:30:00Z", ny)).toBe(false); // 01:30 EST
    expect(callable("2026-11-01T12:00:00Z", ny)).toBe(false); // 07:00 EST: 08:00 under the old offset
    expect(callable("2026-11-01T12:59:00Z", ny)).toBe(false);
    expect(callable("2026-11-01T13:00:00Z", ny)).toBe(true);
    expect(next("2026-11-01T04:00:00Z", ny)).toBe("2026-11-01T13:00:00.000Z");
  });
  it("a window from 01:30 (ambiguous) is still clamped to 08:00", () => {
    expect(next("2026-11-01T05:00:00Z", ny, { days: ALL_DAYS, startMinute: 90, endMinute: 1440 })).toBe(
      "2026-11-01T13:00:00.000Z",
    );
  });
  it("ends at 21:00 EST (02:00Z next day)", () => {
    expect(callable("2026-11-02T01:59:00Z", ny)).toBe(true);
    expect(callable("2026-11-02T02:00:00Z", ny)).toBe(false);
  });
  it("Phoenix and Honolulu keep their offsets", () => {
    expect(callable("2026-11-01T14:59:00Z", ["America/Phoenix"])).toBe(false);
    expect(callable("2026-11-01T15:00:00Z", ["America/Phoenix"])).toBe(true);
    expect(callable("2026-11-01T18:00:00Z", ["Pacific/Honolulu"])).toBe(true);
    expect(callable("2026-11-02T06:59:00Z", ["Pacific/Honolulu"])).toBe(true); // 20:59 HST
    expect(callable("2026-11-02T07:00:00Z", ["Pacific/Honolulu"])).toBe(false);
  });
});

describe("Asia/Kolkata (+05:30)", () => {
  const ist = ["Asia/Kolkata"];
  it("opens at 08:00 IST (02:30Z) and closes at 21:00 IST (15:30Z)", () => {
    expect(callable("2026-06-01T02:29:00Z", ist)).toBe(false);
    expect(callable("2026-06-01T02:30:00Z", ist)).toBe(true);
    expect(callable("2026-06-01T15:29:59Z", ist)).toBe(true);
    expect(callable("2026-06-01T15:30:00Z", ist)).toBe(false);
    expect(next("2026-06-01T15:30:00Z", ist)).toBe("2026-06-02T02:30:00.000Z");
  });
});

describe("calling days", () => {
  it("a weekday-only window skips the weekend", () => {
    const w = { days: WEEKDAYS, startMinute: 9 * 60, endMinute: 17 * 60 };
    // Friday 2026-11-20 17:00 EST -> Monday 2026-11-23 09:00 EST (14:00Z).
    expect(next("2026-11-20T22:00:00Z", ["America/New_York"], w)).toBe("2026-11-23T14:00:00.000Z");
    expect(callable("2026-11-21T15:00:00Z", ["America/New_York"], w)).toBe(false); // Saturday 10:00
  });
  it("the weekday is the local one: Monday 08:00 in Kolkata is Sunday in UTC", () => {
    const w = { days: [1], startMinute: 0, endMinute: 1440 };
    expect(next("2026-11-21T00:00:00Z", ["Asia/Kolkata"], w)).toBe("2026-11-23T02:30:00.000Z");
  });
  it("returns null when nothing falls in the horizon", () => {
    const w = { days: [3], startMinute: 600, endMinute: 660 };
    expect(nextCallableAt(utc("2026-11-19T17:00:00Z"), ["America/New_York"], w, 3)).toBeNull();
  });
});

describe("several candidate zones", () => {
  const zones = ["America/Anchorage", "America/Adak"];
  it("is callable only while both are inside", () => {
    // Summer: Anchorage AKDT (-8), Adak HDT (-9). 08:00 AKDT = 16:00Z, 08:00 HDT = 17:00Z.
    expect(callable("2026-07-01T16:30:00Z", ["America/Anchorage"])).toBe(true);
    expect(callable("2026-07-01T16:30:00Z", zones)).toBe(false);
    expect(callable("2026-07-01T17:00:00Z", zones)).toBe(true);
    // 21:00 AKDT = 05:00Z next day, while Adak is at 20:00.
    expect(callable("2026-07-02T04:59:00Z", zones)).toBe(true);
    expect(callable("2026-07-02T05:00:00Z", zones)).toBe(false);
    expect(next("2026-07-01T10:00:00Z", zones)).toBe("2026-07-01T17:00:00.000Z");
  });
  it("fails closed for no zones and throws for an unknown zone", () => {
    expect(callable("2026-07-01T18:00:00Z", [])).toBe(false);
    expect(nextCallableAt(utc("2026-07-01T18:00:00Z"), [], allDay)).toBeNull();
    expect(() => callable("2026-07-01T18:00:00Z", ["America/New_York", "Mars/Olympus_Mons"])).toThrow(
      RangeError,
    );
  });
});

const ZONES = [
  "America/New_York",
  "America/Phoenix",
  "Pacific/Honolulu",
  "Asia/Kolkata",
  "America/Anchorage",
  "America/Adak",
  "Europe/London",
  "Australia/Lord_Howe",
  "America/St_Johns",
  "Asia/Kathmandu",
  "America/Los_Angeles",
  "Pacific/Chatham",
];

/** DST transition instants of 2026 for the zones above, so the generator hits them often. */
const TRANSITIONS = [
  "2026-03-08T07:00:00Z", // US east
  "2026-03-08T10:00:00Z", // US west
  "2026-03-29T01:00:00Z", // Europe/London
  "2026-04-04T15:00:00Z", // Lord Howe (back 30 min)
  "2026-10-03T15:30:00Z", // Lord Howe (forward 30 min)
  "2026-10-25T01:00:00Z",
  "2026-11-01T06:00:00Z",
  "2026-11-01T09:00:00Z",
].map((s) => Date.parse(s));

const YEAR_START = Date.parse("2026-01-01T00:00:00Z");
const YEAR_END = Date.parse("2027-01-01T00:00:00Z");

const instantArb = fc.oneof(
  fc.integer({ min: YEAR_START, max: YEAR_END }),
  fc
    .tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -36 * 60, max: 36 * 60 }))
    .map(([t, minutes]) => t + minutes * 60_000),
);
const windowArb: fc.Arbitrary<CallingWindow> = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
    fc.integer({ min: 0, max: 1439 }),
    fc.integer({ min: 1, max: 1440 }),
  )
  .filter(([, s, e]) => s < e)
  .map(([days, startMinute, endMinute]) => ({ days, startMinute, endMinute }));
const zonesArb = fc.uniqueArray(fc.constantFrom(...ZONES), { minLength: 1, maxLength: 3 });

function insideIndependently(at: Date, zones: string[], w: CallingWindow): boolean {
  return zones.every((zone) => {
    const local = independentLocal(at, zone);
    return (
      w.days.includes(local.weekday) &&
      local.minute >= Math.max(w.startMinute, 480) &&
      local.minute < Math.min(w.endMinute, 1260)
    );
  });
}

describe("properties", () => {
  it("isCallableAt agrees with independently computed local times, always inside 08:00-21:00", () => {
    fc.assert(
      fc.property(instantArb, zonesArb, windowArb, (ms, zones, w) => {
        const at = new Date(ms);
        const result = isCallableAt(at, zones, w);
        expect(result).toBe(insideIndependently(at, zones, w));
        if (result) {
          for (const zone of zones) {
            const { minute } = independentLocal(at, zone);
            expect(minute).toBeGreaterThanOrEqual(480);
            expect(minute).toBeLessThan(1260);
          }
        }
      }),
      propertyRuns(2000),
    );
  });

  it("nextCallableAt is callable and no earlier minute is", () => {
    fc.assert(
      fc.property(instantArb, zonesArb, windowArb, (ms, zones, w) => {
        const at = new Date(ms);
        const found = nextCallableAt(at, zones, w);
        const firstMinute = Math.ceil(ms / 60_000) * 60_000;
        const end = found ? found.getTime() : ms + 8 * 1440 * 60_000;
        if (found) {
          expect(found.getTime()).toBeGreaterThanOrEqual(ms);
          expect(isCallableAt(found, zones, w)).toBe(true);
          expect(insideIndependently(found, zones, w)).toBe(true);
        }
        expect(isCallableAt(at, zones, w) && found?.getTime() !== ms).toBe(false);
        // Sample minutes before the answer: every 7th minute plus the last two hours.
        for (let t = firstMinute; t < end; t += t > end - 120 * 60_000 ? 60_000 : 7 * 60_000) {
          expect(insideIndependently(new Date(t), zones, w)).toBe(false);
        }
      }),
      propertyRuns(200),
    );
  }, 120_000);
});
