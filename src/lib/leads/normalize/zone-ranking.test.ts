import { describe, expect, it } from "vitest";
import { timezonesForE164, timezoneTableEntries } from "./phone-timezone";
import { MAX_CANDIDATE_ZONES, resolveTimezone } from "./timezone";
import { rankZones, ZONE_RANKINGS, zoneRanking } from "./zone-ranking";

/** Every prefix of the installed table whose numbers get candidate zones. */
const ambiguous = timezoneTableEntries().filter(
  ([, zones]) => zones.length >= 2 && zones.length <= MAX_CANDIDATE_ZONES,
);
const sorted = (zones: readonly string[]) => [...zones].sort();

describe("ZONE_RANKINGS against the installed prefix table", () => {
  it("finds the ambiguous prefixes the ranking was written for", () => {
    expect(ambiguous.length).toBeGreaterThan(300);
    expect(ambiguous.map(([prefix]) => prefix)).toEqual(
      expect.arrayContaining(["1907", "1605", "6189", "62", "7840"]),
    );
  });

  // A table update that adds a prefix, a zone or a new split fails here until someone decides
  // which zone its numbers most likely use.
  it.each(ambiguous)("ranks +%s %j deliberately", (prefix, zones) => {
    const ranked = zoneRanking(prefix, zones);
    expect(
      ranked,
      `no ZONE_RANKINGS entry covers +${prefix} with exactly ${zones.join(", ")}`,
    ).not.toBeNull();
    expect(sorted(ranked ?? [])).toEqual(sorted(zones));
  });

  it("has no entry that ranks nothing in the table, and no entry twice", () => {
    const unused = ZONE_RANKINGS.filter(
      ([prefix, zones]) =>
        !ambiguous.some(([p, z]) => p.startsWith(prefix) && sorted(z).join() === sorted(zones).join()),
    );
    expect(unused).toEqual([]);
    const keys = ZONE_RANKINGS.map(([prefix, zones]) => `${prefix} ${sorted(zones).join()}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("timezonesForE164 puts the most likely zone first", () => {
  it.each([
    // United States
    ["+19075550113", "Alaska", ["America/Anchorage", "America/Adak"]],
    ["+12083200100", "Idaho", ["America/Boise", "America/Los_Angeles"]],
    ["+19865550100", "Idaho overlay", ["America/Boise", "America/Los_Angeles"]],
    ["+17755550100", "northern Nevada", ["America/Los_Angeles", "America/Boise"]],
    ["+16055550100", "South Dakota", ["America/North_Dakota/Center", "America/Denver"]],
    ["+17015550100", "North Dakota", ["America/North_Dakota/Center", "America/Denver"]],
    ["+19288710100", "Window Rock, Navajo Nation", ["America/Denver", "America/Phoenix"]],
    // Canada
    ["+17095550100", "Newfoundland and Labrador", ["America/St_Johns", "America/Puerto_Rico"]],
    ["+18795550100", "Newfoundland overlay", ["America/St_Johns", "America/Puerto_Rico"]],
    // Mexico
    ["+526491234567", "Chihuahua/Durango", ["America/Mexico_City", "America/Mazatlan"]],
    ["+522001234567", "non-geographic 200", ["America/Mexico_City", "America/Tijuana"]],
    ["+522011234567", "non-geographic 201", ["America/Mexico_City", "America/New_York"]],
    // Russia and Kazakhstan
    ["+78005550100", "8-800 toll-free", ["Europe/Moscow", "Asia/Almaty", "Asia/Aqtobe"]],
    ["+78402212345", "Abkhazia", ["Europe/Moscow", "Europe/Bucharest"]],
    ["+77011234567", "Kazakhstan mobile", ["Asia/Almaty", "Asia/Aqtobe"]],
    // Indonesia
    ["+6281112345678", "Telkomsel mobile", ["Asia/Jakarta", "Asia/Makassar"]],
    ["+62379123456", "Kalabahi, Alor", ["Asia/Makassar", "Asia/Jakarta"]],
    ["+62403123456", "Raha, Muna", ["Asia/Makassar", "Asia/Jayapura"]],
    ["+62952123456", "Teminabuan, Papua", ["Asia/Jayapura", "Asia/Jakarta"]],
    // Australia (08: SA, NT, WA)
    ["+61892345678", "Perth", ["Australia/Perth", "Australia/Adelaide"]],
    ["+61882345678", "Adelaide", ["Australia/Adelaide", "Australia/Perth"]],
    ["+61872345678", "Adelaide, new range", ["Australia/Adelaide", "Australia/Perth"]],
    ["+61862345678", "Perth, new range", ["Australia/Perth", "Australia/Adelaide"]],
    ["+61855123456", "Mandurah", ["Australia/Perth", "Australia/Adelaide"]],
    ["+61890393123", "Eyre, Eyre Highway", ["Australia/Eucla", "Australia/Perth", "Australia/Adelaide"]],
    ["+61891006123", "Christmas Island", ["Indian/Christmas", "Australia/Perth", "Australia/Adelaide"]],
    ["+61891010123", "Cocos Islands", ["Indian/Cocos", "Australia/Perth", "Australia/Adelaide"]],
  ])("%s (%s)", (e164, _place, zones) => {
    expect(timezonesForE164(e164)).toEqual(zones);
  });

  it("leaves single-zone numbers alone: Flagstaff, Arizona and Sydney", () => {
    expect(timezonesForE164("+19287740100")).toEqual(["America/Phoenix"]);
    expect(timezonesForE164("+61298765432")).toEqual(["Australia/Sydney"]);
  });

  it("maps Brazil's prefixes to one zone each, so no Brazilian number needs ranking", () => {
    expect(ambiguous.filter(([prefix]) => prefix.startsWith("55"))).toEqual([]);
    expect(timezonesForE164("+5511987654321")).toEqual(["America/Sao_Paulo"]);
    expect(timezonesForE164("+5592987654321")).toEqual(["America/Manaus"]);
  });

  it("puts an Irish number on Dublin time (the installed table names three British zones)", () => {
    expect(timezonesForE164("+35312345678")).toEqual(["Europe/Dublin"]);
  });

  it("makes the most likely zone a lead's own and keeps every candidate for the dialer", () => {
    expect(
      resolveTimezone({ candidates: timezonesForE164("+19075550113"), fallback: "America/New_York" }),
    ).toEqual({
      zone: "America/Anchorage",
      source: "inferred",
      candidates: ["America/Anchorage", "America/Adak"],
    });
  });
});

describe("rankZones", () => {
  it("keeps the table's order for a zone set no entry covers, and always returns a copy", () => {
    const zones = ["America/Adak", "Pacific/Honolulu"];
    const ranked = rankZones("1907", zones);
    expect(ranked).toEqual(zones);
    expect(ranked).not.toBe(zones);
  });

  it("uses the longest prefix whose entry has the same zones", () => {
    expect(rankZones("62379123", ["Asia/Jakarta", "Asia/Makassar"])).toEqual([
      "Asia/Makassar",
      "Asia/Jakarta",
    ]);
    expect(rankZones("62211234", ["Asia/Makassar", "Asia/Jakarta", "Asia/Jayapura"])).toEqual([
      "Asia/Jakarta",
      "Asia/Makassar",
      "Asia/Jayapura",
    ]);
  });
});
