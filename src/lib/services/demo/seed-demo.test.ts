import { describe, expect, it } from "vitest";
import { isCallableAt } from "@/lib/dialer/calling-window";
import { DEMO_CALLING_WINDOW, DEMO_LEADS } from "./seed-demo";

/**
 * The demo's promise: a newcomer presses Start at whatever hour they try it and calls are placed
 * at once, while other leads visibly wait for their morning. Checked with clocks set to every
 * quarter hour of a day, on days that cover both hemispheres' summer and winter time and the
 * weeks between the US, EU and Australian clock changes.
 */
const DAYS = [
  "2026-01-15", // northern winter, Sydney on summer time
  "2026-03-15", // the US on summer time, London and Sydney not yet changed
  "2026-04-10", // Sydney back on standard time
  "2026-07-15", // northern summer
  "2026-10-10", // Sydney on summer time again, the northern zones still on theirs
  "2026-10-30", // London back on standard time, the US not yet
  "2026-12-25",
];
const QUARTER_HOUR = 15 * 60_000;

function callableCount(at: Date): number {
  return DEMO_LEADS.filter(([, , , zone]) => isCallableAt(at, [zone], DEMO_CALLING_WINDOW)).length;
}

describe("the demo campaign's leads", () => {
  it("always include some inside their calling hours and some outside them", () => {
    const fewest = { count: Number.POSITIVE_INFINITY, at: "" };
    for (const day of DAYS) {
      const midnight = Date.parse(`${day}T00:00:00Z`);
      for (let t = midnight; t < midnight + 24 * 3_600_000; t += QUARTER_HOUR) {
        const at = new Date(t);
        const callable = callableCount(at);
        if (callable < fewest.count) Object.assign(fewest, { count: callable, at: at.toISOString() });
        // Start always has someone to call, and the preview always has someone waiting.
        expect(callable, `callable at ${at.toISOString()}`).toBeGreaterThanOrEqual(5);
        expect(callable, `callable at ${at.toISOString()}`).toBeLessThan(DEMO_LEADS.length);
      }
    }
    expect(fewest.count).toBeGreaterThanOrEqual(5);
  });

  it("always include one lead an hour inside its calling hours and one an hour outside them", () => {
    // The browser tests run against a server on the real clock and pick these two leads.
    const { startMinute, endMinute } = DEMO_CALLING_WINDOW;
    // One formatter per zone: building one per lead and step made this the slowest unit test.
    const formats = new Map<string, Intl.DateTimeFormat>();
    const localMinute = (zone: string, at: Date) => {
      let format = formats.get(zone);
      if (!format) {
        format = new Intl.DateTimeFormat("en-US", {
          timeZone: zone,
          hour: "numeric",
          minute: "numeric",
          hourCycle: "h23",
        });
        formats.set(zone, format);
      }
      const parts = format.formatToParts(at);
      const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
      return part("hour") * 60 + part("minute");
    };
    for (const day of DAYS) {
      const midnight = Date.parse(`${day}T00:00:00Z`);
      for (let t = midnight; t < midnight + 24 * 3_600_000; t += QUARTER_HOUR) {
        const at = new Date(t);
        const depths = DEMO_LEADS.map(([, , , zone]) => {
          const m = localMinute(zone, at);
          return Math.min(m - startMinute, endMinute - m);
        });
        expect(Math.max(...depths), `deepest inside at ${at.toISOString()}`).toBeGreaterThanOrEqual(60);
        expect(-Math.min(...depths), `deepest outside at ${at.toISOString()}`).toBeGreaterThanOrEqual(60);
      }
    }
  });

  it("are fictional numbers in distinct zones, each a real IANA zone", () => {
    const phones = new Set(DEMO_LEADS.map(([, , , , phone]) => phone));
    expect(phones.size).toBe(DEMO_LEADS.length);
    for (const [, , , zone] of DEMO_LEADS) {
      expect(() => new Intl.DateTimeFormat("en-US", { timeZone: zone })).not.toThrow();
    }
    expect(new Set(DEMO_LEADS.map(([, , , zone]) => zone)).size).toBeGreaterThanOrEqual(8);
  });
});
