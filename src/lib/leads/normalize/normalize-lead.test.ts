import { describe, expect, it } from "vitest";
import { leadInputSchema, normalizeLead } from "./normalize-lead";

const ctx = {
  defaultCountry: "US" as const,
  defaultTimezone: "America/New_York",
  phoneTimezones: (e164: string) => (e164.startsWith("+1312") ? ["America/Chicago"] : []),
};

describe("normalizeLead", () => {
  it("normalizes every field of a good row", () => {
    const result = normalizeLead(
      {
        phone: "(312) 555-0142 x7",
        fullName: "Doe, Jane",
        company: "  Acme   Corp ",
        email: "Jane@Acme.com",
        consent: "yes",
        consentSource: "web form",
        consentAt: "2024-03-05",
        customFields: { Notes: " call after 3 ", Empty: "  " },
      },
      ctx,
    );
    expect(result).toEqual({
      ok: true,
      warnings: [],
      lead: {
        phone: "+13125550142",
        phoneExtension: "7",
        firstName: "Jane",
        lastName: "Doe",
        company: "Acme Corp",
        email: "jane@acme.com",
        timezone: "America/Chicago",
        timezoneSource: "inferred",
        timezoneCandidates: null,
        consent: true,
        consentSource: "web form",
        consentAt: "2024-03-05T00:00:00.000Z",
        customFields: { Notes: "call after 3" },
      },
    });
  });

  it("prefers first and last name columns over the full name", () => {
    const result = normalizeLead({ phone: "+13125550142", firstName: "Jo", fullName: "Joanna Smith" }, ctx);
    expect(result.ok && [result.lead.firstName, result.lead.lastName]).toEqual(["Jo", null]);
  });

  it("lists every problem of a rejected row", () => {
    expect(normalizeLead({ phone: "12", email: "nope", consent: "maybe", consentAt: "soon" }, ctx)).toEqual({
      ok: false,
      errors: [
        { field: "phone", message: "number is too short" },
        { field: "email", message: "invalid email" },
        { field: "consent", message: 'unrecognised consent value "maybe"' },
        { field: "consentAt", message: 'unrecognised date "soon"' },
      ],
    });
  });

  it("keeps a callable lead without its unusable email when told to drop it, and says so", () => {
    for (const email of ["pat.king@example", "élodie.2@ex2.com"]) {
      const result = normalizeLead({ phone: "(312) 555-0142", email }, { ...ctx, unusableEmail: "drop" });
      expect(result.ok && result.lead.email).toBeNull();
      expect(result.ok && result.warnings).toEqual([`unusable email "${email}" left out`]);
      // The API's default is still to refuse the lead, naming the field.
      expect(normalizeLead({ phone: "(312) 555-0142", email }, ctx)).toEqual({
        ok: false,
        errors: [{ field: "email", message: "invalid email" }],
      });
    }
    // Dropping the email never rescues a row with no usable phone.
    expect(normalizeLead({ phone: "12", email: "x@" }, { ...ctx, unusableEmail: "drop" })).toEqual({
      ok: false,
      errors: [{ field: "phone", message: "number is too short" }],
    });
  });

  it("rejects a row without a phone", () => {
    expect(normalizeLead({ firstName: "Jane" }, ctx)).toEqual({
      ok: false,
      errors: [{ field: "phone", message: "missing phone number" }],
    });
  });

  it("only warns about a bad time zone", () => {
    const result = normalizeLead({ phone: "+13125550142", timezone: "Mars" }, ctx);
    expect(result).toMatchObject({
      ok: true,
      lead: { timezone: "America/Chicago", timezoneSource: "inferred" },
      warnings: ['unknown time zone "Mars"; used America/Chicago from the phone number'],
    });
  });

  it("uses the campaign default without a number-to-zone table", () => {
    const result = normalizeLead({ phone: "+13125550142" }, { defaultCountry: "US", defaultTimezone: "UTC" });
    expect(result).toMatchObject({ ok: true, lead: { timezone: "UTC", timezoneSource: "default" } });
  });

  it("keeps custom fields within the API limits, with warnings", () => {
    const many = Object.fromEntries(Array.from({ length: 52 }, (_, i) => [`f${i}`, "x"]));
    const result = normalizeLead(
      { phone: "+13125550142", customFields: { ...many, f0: "y".repeat(2_100) } },
      ctx,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.lead.customFields)).toHaveLength(50);
    expect(result.lead.customFields.f0).toHaveLength(2_000);
    expect(result.warnings).toEqual([
      'custom field "f0" was cut to 2000 characters',
      'only 50 custom fields are kept; dropped "f50", "f51"',
    ]);
  });

  it("keeps odd custom-field names as plain data", () => {
    const result = normalizeLead(
      { phone: "+13125550142", customFields: JSON.parse('{"__proto__":"a","constructor":"b"}') },
      ctx,
    );
    expect(result.ok && Object.keys(result.lead.customFields)).toEqual(["__proto__", "constructor"]);
  });
});

describe("leadInputSchema", () => {
  it("accepts a lead and rejects unknown keys and oversized values with paths", () => {
    expect(leadInputSchema.safeParse({ phone: "+13125550142", consent: true }).success).toBe(true);
    const bad = leadInputSchema.safeParse({
      phone: "x".repeat(65),
      phoneNumber: "+1",
      customFields: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])),
    });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((issue) => issue.path.join(".") || issue.code);
    expect(paths).toEqual(expect.arrayContaining(["phone", "customFields", "unrecognized_keys"]));
  });

  it("caps custom-field keys at 64 characters and values at 2,000", () => {
    expect(leadInputSchema.safeParse({ customFields: { ["k".repeat(65)]: "v" } }).success).toBe(false);
    expect(leadInputSchema.safeParse({ customFields: { k: "v".repeat(2_001) } }).success).toBe(false);
  });
});
