import { describe, expect, it } from "vitest";
import { likelyZoneNote } from "./lead-labels";

describe("likelyZoneNote", () => {
  it("names the lead's zone as the most likely and the others as possible", () => {
    expect(likelyZoneNote("America/Anchorage", ["America/Anchorage", "America/Adak"])).toBe(
      "Anchorage (most likely; the number could also be on Adak time)",
    );
    expect(likelyZoneNote("Pacific/Tahiti", ["Pacific/Tahiti", "Pacific/Marquesas", "Pacific/Gambier"])).toBe(
      "Tahiti (most likely; the number could also be on Marquesas or Gambier time)",
    );
  });

  it("says nothing when the number has one zone", () => {
    expect(likelyZoneNote("America/Chicago", null)).toBeNull();
    expect(likelyZoneNote("America/Chicago", ["America/Chicago"])).toBeNull();
  });
});
