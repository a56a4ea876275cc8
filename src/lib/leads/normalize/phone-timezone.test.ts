import { describe, expect, it, vi } from "vitest";
import { timezonesForE164 } from "./phone-timezone";

describe("timezonesForE164", () => {
  it.each([
    ["+12125550123", ["America/New_York"]],
    ["+16025550123", ["America/Phoenix"]],
    ["+18085550123", ["Pacific/Honolulu"]],
    ["+442079460958", ["Europe/London"]],
    ["+919876543210", ["Asia/Kolkata"]],
  ])("maps %s by its longest prefix", (e164, zones) => {
    expect(timezonesForE164(e164)).toEqual(zones);
  });

  it("returns every zone an area code spans", () => {
    const alaska = timezonesForE164("+19075550100");
    expect(alaska.length).toBeGreaterThan(1);
    expect(alaska).toContain("America/Anchorage");
  });

  it("returns the whole country for toll-free numbers and nothing for unknown codes", () => {
    expect(timezonesForE164("+18005550199").length).toBeGreaterThan(3);
    expect(timezonesForE164("+999123")).toEqual([]);
  });

  it("returns a copy the caller may change", () => {
    timezonesForE164("+12125550123").push("Mars/Base");
    expect(timezonesForE164("+12125550123")).toEqual(["America/New_York"]);
  });

  it("loads the table once and looks up 100,000 numbers quickly (benchmark, printed only)", async () => {
    vi.resetModules();
    const fresh = await import("./phone-timezone");
    const loadStart = performance.now();
    fresh.timezonesForE164("+12125550123");
    const loadMs = performance.now() - loadStart;

    const numbers = Array.from(
      { length: 1_000 },
      (_, i) => `+1${200 + (i % 800)}555${String(i).padStart(4, "0")}`,
    );
    const start = performance.now();
    let found = 0;
    for (let i = 0; i < 100_000; i++)
      found += fresh.timezonesForE164(numbers[i % numbers.length] ?? "").length;
    const ms = performance.now() - start;
    console.info(
      `timezonesForE164: first call (loads the table) ${loadMs.toFixed(1)} ms; ` +
        `100,000 lookups in ${ms.toFixed(1)} ms (${((ms * 1000) / 100_000).toFixed(2)} µs each)`,
    );
    expect(found).toBeGreaterThan(0);
  });
});
