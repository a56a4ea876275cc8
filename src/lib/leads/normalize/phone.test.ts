import { describe, expect, it } from "vitest";
import { normalizePhone } from "./phone";

const SF = "+14155552671";

describe("normalizePhone", () => {
  it.each([
    ["E.164", "+14155552671"],
    ["national with parentheses", "(415) 555-2671"],
    ["dots", "415.555.2671"],
    ["spaces", "415 555 2671"],
    ["leading 1 and dashes", "1-415-555-2671"],
    ["tel: URI", "tel:+14155552671"],
    ["label", "Phone: (415) 555-2671"],
    ["trailing note", "415-555-2671 (mobile)"],
    ["Excel float", "4155552671.0"],
    ["apostrophe escape", "'+14155552671"],
    ["formula escape", '="+14155552671"'],
    ["bare formula", "=4155552671"],
    ["non-breaking spaces and direction marks", "\u202d+1\u00a0415\u2011555\u20112671"],
  ])("accepts %s", (_label, raw) => {
    expect(normalizePhone(raw, "US")).toEqual({ ok: true, e164: SF, country: "US" });
  });

  it.each([
    ["+1 (415) 555-2671 x123", "123"],
    ["415-555-2671 ext. 45", "45"],
    ["415-555-2671 #45", "45"],
    ["415-555-2671 extension 7", "7"],
    ["+1 415 555 2671;ext=12", "12"],
  ])("keeps the extension of %s", (raw, extension) => {
    expect(normalizePhone(raw, "US")).toEqual({ ok: true, e164: SF, country: "US", extension });
  });

  it("reads a leading 00 as the international prefix, even for North America", () => {
    expect(normalizePhone("0044 20 7946 0958", "US")).toMatchObject({
      ok: true,
      e164: "+442079460958",
      country: "GB",
    });
  });

  it("uses the default country only for numbers without a country code", () => {
    expect(normalizePhone("020 7946 0958", "GB")).toMatchObject({ ok: true, e164: "+442079460958" });
    expect(normalizePhone("+1 416 555 0123", "GB")).toMatchObject({
      ok: true,
      e164: "+14165550123",
      country: "CA",
    });
  });

  it.each([
    ["", "missing phone number"],
    ["   ", "missing phone number"],
    ["N/A", "missing phone number"],
    ["call me", "not a phone number"],
    ["1-800-FLOWERS", "not a phone number"],
    ["1.41555526E+10", "scientific notation"],
    ["12345", "number is too short"],
    ["+1415555267100000", "number is too long"],
    ["+999 123456", "unknown country code +999"],
    ["555-123-4567", "invalid number for US"],
    ["+1 684 555 0100", "invalid number for AS"],
    ["415-555-2671 / 415-555-2672", "several numbers in one cell"],
  ])("rejects %j", (raw, reason) => {
    const result = normalizePhone(raw, "US");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it("keeps an area code and number split by a slash as one number", () => {
    expect(normalizePhone("0221/1234567", "DE")).toMatchObject({ ok: true, e164: "+492211234567" });
  });
});
