import { describe, expect, it } from "vitest";
import { filterTimeZones, groupTimeZones } from "./time-zone-options";

const ALL = [
  "Africa/Abidjan",
  "America/Chicago",
  "America/Los_Angeles",
  "America/New_York",
  "America/Sao_Paulo",
  "Europe/Paris",
  "Pacific/Tahiti",
];

describe("groupTimeZones", () => {
  it("puts the common zones first, in their own order, and keeps the rest in the list's order", () => {
    const { common, other } = groupTimeZones(ALL);
    expect(common.slice(0, 3)).toEqual(["America/New_York", "America/Chicago", "America/Los_Angeles"]);
    expect(common).toContain("UTC");
    expect(other).toEqual(["Africa/Abidjan", "Pacific/Tahiti"]);
  });
});

describe("filterTimeZones", () => {
  it("matches every typed word, ignoring case, underscores, slashes and accents", () => {
    expect(filterTimeZones(ALL, "los ang")).toEqual(["America/Los_Angeles"]);
    expect(filterTimeZones(ALL, "NEW_york")).toEqual(["America/New_York"]);
    expect(filterTimeZones(ALL, "europe/par")).toEqual(["Europe/Paris"]);
    expect(filterTimeZones(ALL, "são paulo")).toEqual(["America/Sao_Paulo"]);
    expect(filterTimeZones(ALL, "america")).toHaveLength(4);
  });

  it("keeps everything for an empty query and nothing for a zone that does not exist", () => {
    expect(filterTimeZones(ALL, "  ")).toEqual(ALL);
    expect(filterTimeZones(ALL, "atlantis")).toEqual([]);
  });
});
