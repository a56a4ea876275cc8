import { describe, expect, it } from "vitest";
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

  it("returns every zone an area code spans, the most likely first", () => {
    expect(timezonesForE164("+19075550100")).toEqual(["America/Anchorage", "America/Adak"]);
  });

  it("returns the whole country for toll-free numbers and nothing for unknown codes", () => {
    expect(timezonesForE164("+18005550199").length).toBeGreaterThan(3);
    expect(timezonesForE164("+999123")).toEqual([]);
  });

  it("returns a copy the caller may change", () => {
    timezonesForE164("+12125550123").push("Mars/Base");
    expect(timezonesForE164("+12125550123")).toEqual(["America/New_York"]);
  });
});
