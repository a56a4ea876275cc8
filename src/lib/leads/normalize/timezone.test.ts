import { describe, expect, it } from "vitest";
import { parseTimezoneValue, resolveTimezone } from "./timezone";

describe("parseTimezoneValue", () => {
  it.each([
    ["America/New_York", "America/New_York"],
    ["america/los_angeles", "America/Los_Angeles"],
    ["America/New York", "America/New_York"],
    ["Asia/Calcutta", "Asia/Kolkata"],
    ["asia/kolkata", "Asia/Kolkata"],
    ["Europe/Kiev", "Europe/Kyiv"],
    ["US/Eastern", "America/New_York"],
    ["UTC", "UTC"],
    ["Etc/UTC", "UTC"],
    ["etc/gmt+5", "Etc/GMT+5"],
  ])("accepts the IANA name %j", (raw, zone) => {
    expect(parseTimezoneValue(raw)).toEqual({ ok: true, zone });
  });

  it.each([
    ["EST", "America/New_York"],
    ["edt", "America/New_York"],
    ["ET", "America/New_York"],
    ["Eastern", "America/New_York"],
    ["E.S.T.", "America/New_York"],
    ["CST", "America/Chicago"],
    ["Central", "America/Chicago"],
    ["MDT", "America/Denver"],
    ["Mountain", "America/Denver"],
    ["PT", "America/Los_Angeles"],
    ["Pacific", "America/Los_Angeles"],
    ["AKST", "America/Anchorage"],
    ["Alaska", "America/Anchorage"],
    ["HST", "Pacific/Honolulu"],
    ["Hawaii", "Pacific/Honolulu"],
    ["AST", "America/Puerto_Rico"],
    ["Arizona", "America/Phoenix"],
    ["GMT", "UTC"],
    ["Z", "UTC"],
    ["BST", "Europe/London"],
    ["CEST", "Europe/Paris"],
    ["IST", "Asia/Kolkata"],
    ["AEST", "Australia/Sydney"],
    ["Eastern Standard Time", "America/New_York"],
    ["Central Standard Time", "America/Chicago"],
    ["Mountain Standard Time", "America/Denver"],
    ["Pacific Standard Time", "America/Los_Angeles"],
    ["(UTC-05:00) Eastern Time (US & Canada)", "America/New_York"],
    ["(UTC-05:00) Bogota, Lima, Quito", "Etc/GMT+5"],
  ])("maps the abbreviation or name %j", (raw, zone) => {
    expect(parseTimezoneValue(raw)).toEqual({ ok: true, zone });
  });

  it.each([
    ["UTC-5", "Etc/GMT+5"],
    ["GMT+2", "Etc/GMT-2"],
    ["-05:00", "Etc/GMT+5"],
    ["UTC \u2212 8", "Etc/GMT+8"],
    ["+00:00", "UTC"],
    ["UTC+14", "Etc/GMT-14"],
    ["+0530", "Asia/Kolkata"],
    ["UTC+5:30", "Asia/Kolkata"],
    ["+05:45", "Asia/Kathmandu"],
    ["+09:30", "Australia/Darwin"],
    ["-03:30", "America/St_Johns"],
    ["+03:30", "Asia/Tehran"],
    ["+06:30", "Asia/Yangon"],
  ])("maps the offset %j (Etc/ signs are inverted)", (raw, zone) => {
    expect(parseTimezoneValue(raw)).toEqual({ ok: true, zone });
  });

  it("returns null for an empty cell", () => {
    expect(parseTimezoneValue("  ")).toEqual({ ok: true, zone: null });
    expect(parseTimezoneValue(undefined)).toEqual({ ok: true, zone: null });
  });

  it.each([
    ["XYZ", 'unknown time zone "XYZ"'],
    ["Mars/Olympus_Mons", 'unknown time zone "Mars/Olympus_Mons"'],
    ["UTC+1:30", 'unknown UTC offset "UTC+1:30"'],
    ["UTC-13", 'unknown UTC offset "UTC-13"'],
  ])("rejects %j", (raw, reason) => {
    expect(parseTimezoneValue(raw)).toEqual({ ok: false, reason });
  });
});

describe("resolveTimezone", () => {
  const fallback = "America/New_York";

  it("prefers a valid column value over the number", () => {
    expect(resolveTimezone({ columnValue: "PST", candidates: ["America/Chicago"], fallback })).toEqual({
      zone: "America/Los_Angeles",
      source: "column",
      candidates: null,
    });
  });

  it("infers a single zone from the number", () => {
    expect(resolveTimezone({ columnValue: "", candidates: ["America/Chicago"], fallback })).toEqual({
      zone: "America/Chicago",
      source: "inferred",
      candidates: null,
    });
  });

  it("keeps every candidate when the number spans two or three zones", () => {
    expect(
      resolveTimezone({ candidates: ["America/Boise", "America/Los_Angeles", "America/Boise"], fallback }),
    ).toEqual({
      zone: "America/Boise",
      source: "inferred",
      candidates: ["America/Boise", "America/Los_Angeles"],
    });
  });

  it("falls back with a warning for non-geographic numbers", () => {
    const result = resolveTimezone({ candidates: ["A/a", "B/b", "C/c", "D/d"], fallback });
    expect(result).toMatchObject({ zone: fallback, source: "default", candidates: null });
    expect(result.warning).toContain("4 time zones");
  });

  it("falls back silently when nothing is known", () => {
    expect(resolveTimezone({ columnValue: null, candidates: [], fallback })).toEqual({
      zone: fallback,
      source: "default",
      candidates: null,
    });
  });

  it("warns about a bad column value and says what it used instead", () => {
    expect(resolveTimezone({ columnValue: "XYZ", candidates: ["America/Chicago"], fallback })).toEqual({
      zone: "America/Chicago",
      source: "inferred",
      candidates: null,
      warning: 'unknown time zone "XYZ"; used America/Chicago from the phone number',
    });
    expect(resolveTimezone({ columnValue: "XYZ", candidates: null, fallback }).warning).toBe(
      'unknown time zone "XYZ"; used the default America/New_York',
    );
  });
});
