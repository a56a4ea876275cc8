import { describe, expect, it } from "vitest";
import { likelyZoneNote, timezoneSourceTag } from "./lead-labels";

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

describe("timezoneSourceTag", () => {
  it("says where the zone came from in plain words", () => {
    expect(timezoneSourceTag("column", null)).toBe("From file");
    expect(timezoneSourceTag("inferred", ["America/Chicago"])).toBe("From number");
    expect(timezoneSourceTag("default", null)).toBe("Campaign default");
  });

  it("counts the possible zones of a number that spans several", () => {
    expect(timezoneSourceTag("inferred", ["America/Anchorage", "America/Adak"])).toBe(
      "From number (2 possible zones)",
    );
  });
});
