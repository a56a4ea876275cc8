import { describe, expect, it } from "vitest";
import { normalizeEmail, normalizeName, parseConsent, parseConsentDate, splitFullName } from "./fields";

describe("normalizeEmail", () => {
  it("lowercases and unwraps addresses", () => {
    expect(normalizeEmail("  Jane.Doe@Example.COM ")).toEqual({ ok: true, email: "jane.doe@example.com" });
    expect(normalizeEmail("mailto:jane@example.com")).toEqual({ ok: true, email: "jane@example.com" });
    expect(normalizeEmail("<jane@example.com>")).toEqual({ ok: true, email: "jane@example.com" });
  });

  it("treats an empty cell as no email", () => {
    expect(normalizeEmail("")).toEqual({ ok: true, email: null });
    expect(normalizeEmail(undefined)).toEqual({ ok: true, email: null });
  });

  it.each(["jane@", "jane at example.com", "@example.com", "jane@example"])("rejects %j", (raw) => {
    expect(normalizeEmail(raw)).toEqual({ ok: false, reason: "invalid email" });
  });
});

describe("normalizeName", () => {
  it("trims, collapses whitespace and strips quotes", () => {
    expect(normalizeName('  "Mary   Ann"  ')).toBe("Mary Ann");
    expect(normalizeName("O'Brien")).toBe("O'Brien");
    expect(normalizeName("\u201cZoë\u201d")).toBe("Zoë");
  });

  it("returns null for empty values and caps the length at 200 characters", () => {
    expect(normalizeName("   ")).toBeNull();
    expect(normalizeName('""')).toBeNull();
    expect(normalizeName("é".repeat(250))).toHaveLength(200);
  });
});

describe("splitFullName", () => {
  it.each([
    ["Jane Doe", "Jane", "Doe"],
    ["Doe, Jane", "Jane", "Doe"],
    ["Jane van der Berg", "Jane", "van der Berg"],
    ["Dr. Jane Doe", "Jane", "Doe"],
    ["Cher", "Cher", null],
    ["John Doe, Jr.", "John", "Doe, Jr."],
    ["", null, null],
  ])("splits %j", (full, firstName, lastName) => {
    expect(splitFullName(full)).toEqual({ firstName, lastName });
  });
});

describe("parseConsent", () => {
  it.each(["yes", "Y", "TRUE", "1", "opted in", "Opt-In", "granted", "given"])(
    "reads %j as consent",
    (raw) => {
      expect(parseConsent(raw)).toBe(true);
    },
  );

  it.each(["no", "n", "false", "0", "opted out", "opt-out", "none"])("reads %j as no consent", (raw) => {
    expect(parseConsent(raw)).toBe(false);
  });

  it("passes booleans through and treats empty as unknown", () => {
    expect(parseConsent(true)).toBe(true);
    expect(parseConsent(false)).toBe(false);
    expect(parseConsent("  ")).toBeNull();
  });

  it("refuses to guess", () => {
    expect(parseConsent("maybe")).toEqual({ error: 'unrecognised consent value "maybe"' });
  });
});

describe("parseConsentDate", () => {
  const now = new Date("2025-06-01T00:00:00Z");

  it.each([
    ["2024-03-05", "2024-03-05T00:00:00.000Z"],
    ["2024-03-05T14:30:00Z", "2024-03-05T14:30:00.000Z"],
    ["2024-03-05T14:30:00-05:00", "2024-03-05T19:30:00.000Z"],
    ["2024-03-05 14:30", "2024-03-05T14:30:00.000Z"],
    ["3/5/2024", "2024-03-05T00:00:00.000Z"],
    ["03/05/24", "2024-03-05T00:00:00.000Z"],
    ["3/5/2024 2:30 PM", "2024-03-05T14:30:00.000Z"],
    ["25/03/2024", "2024-03-25T00:00:00.000Z"],
    ["05.03.2024", "2024-03-05T00:00:00.000Z"],
  ])("reads %j", (raw, iso) => {
    expect(parseConsentDate(raw, now)).toBe(iso);
  });

  it("returns null for an empty cell", () => {
    expect(parseConsentDate("", now)).toBeNull();
  });

  it.each(["2024-02-30", "13/13/2024", "yesterday", "2024-03-05T25:00"])("rejects %j", (raw) => {
    expect(parseConsentDate(raw, now)).toEqual({ error: `unrecognised date "${raw}"` });
  });

  it("rejects dates in the future", () => {
    expect(parseConsentDate("2030-01-01", now)).toEqual({
      error: 'consent date "2030-01-01" is in the future',
    });
  });
});
