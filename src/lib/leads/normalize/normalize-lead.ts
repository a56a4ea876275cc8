import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { normalizeEmail, normalizeName, parseConsent, parseConsentDate, splitFullName } from "./fields";
import { normalizePhone } from "./phone";
import { resolveTimezone, type TimezoneSource } from "./timezone";

export const CUSTOM_FIELD_LIMITS = { maxKeys: 50, maxKeyLength: 64, maxValueLength: 2_000 } as const;

/** One lead as the JSON API takes it; CSV rows are mapped into the same shape. */
export const leadInputSchema = z.strictObject({
  phone: z.string().max(64).optional(),
  firstName: z.string().max(200).optional(),
  lastName: z.string().max(200).optional(),
  fullName: z.string().max(400).optional(),
  company: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  timezone: z.string().max(100).optional(),
  consent: z.union([z.boolean(), z.string().max(50)]).optional(),
  consentSource: z.string().max(200).optional(),
  consentAt: z.string().max(64).optional(),
  customFields: z
    .record(
      z.string().min(1).max(CUSTOM_FIELD_LIMITS.maxKeyLength),
      z.string().max(CUSTOM_FIELD_LIMITS.maxValueLength),
    )
    .refine((fields) => Object.keys(fields).length <= CUSTOM_FIELD_LIMITS.maxKeys, {
      message: `At most ${CUSTOM_FIELD_LIMITS.maxKeys} custom fields.`,
    })
    .optional(),
});

export type LeadInput = {
  phone?: string;
  firstName?: string;
  lastName?: string;
  fullName?: string;
  company?: string;
  email?: string;
  timezone?: string;
  consent?: string | boolean;
  consentSource?: string;
  consentAt?: string;
  customFields?: Record<string, string>;
};

export type NormalizedLead = {
  phone: string /* E.164 */;
  phoneExtension: string | null;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  email: string | null;
  timezone: string;
  timezoneSource: TimezoneSource;
  timezoneCandidates: string[] | null;
  consent: boolean | null;
  consentSource: string | null;
  consentAt: string | null /* ISO */;
  customFields: Record<string, string>;
};

export type LeadFieldError = { field: string; message: string };

export type NormalizeLeadResult =
  | { ok: true; lead: NormalizedLead; warnings: string[] }
  | { ok: false; errors: LeadFieldError[] };

export type NormalizeLeadContext = {
  defaultCountry: CountryCode;
  defaultTimezone: string;
  /** Zones for an E.164 number (server: `timezonesForE164`); without it zones are never inferred. */
  phoneTimezones?: (e164: string) => string[];
  /**
   * What an unusable email does to the lead: the API rejects it (its caller can correct the field
   * and resend); a file import keeps the callable lead without the address and warns, because
   * the person importing cannot fix one cell of 50,000 mid-import.
   */
  unusableEmail?: "reject" | "drop";
};

/**
 * The one row normaliser behind the CSV import and the JSON API. A bad phone, consent or consent
 * date rejects the row (every problem is listed), and so does a bad email unless the context says
 * to drop it; a bad time zone only warns and falls back, because the number or the campaign
 * default still gives a usable zone.
 */
export function normalizeLead(input: LeadInput, ctx: NormalizeLeadContext): NormalizeLeadResult {
  const errors: LeadFieldError[] = [];
  const warnings: string[] = [];

  const phone = normalizePhone(input.phone ?? "", ctx.defaultCountry);
  if (!phone.ok) errors.push({ field: "phone", message: phone.reason });

  const email = normalizeEmail(input.email);
  const dropEmail = !email.ok && ctx.unusableEmail === "drop";
  if (!email.ok && !dropEmail) errors.push({ field: "email", message: email.reason });

  const consent = parseConsent(input.consent);
  if (isError(consent)) errors.push({ field: "consent", message: consent.error });

  const consentAt = parseConsentDate(input.consentAt);
  if (isError(consentAt)) errors.push({ field: "consentAt", message: consentAt.error });

  if (!phone.ok || errors.length > 0 || isError(consent) || isError(consentAt)) return { ok: false, errors };
  if (dropEmail) warnings.push(`unusable email "${(input.email ?? "").trim()}" left out`);

  let firstName = normalizeName(input.firstName);
  let lastName = normalizeName(input.lastName);
  if (firstName === null && lastName === null) ({ firstName, lastName } = splitFullName(input.fullName));

  const timezone = resolveTimezone({
    columnValue: input.timezone,
    candidates: ctx.phoneTimezones?.(phone.e164) ?? null,
    fallback: ctx.defaultTimezone,
  });
  if (timezone.warning) warnings.push(timezone.warning);

  return {
    ok: true,
    lead: {
      phone: phone.e164,
      phoneExtension: phone.extension ?? null,
      firstName,
      lastName,
      company: normalizeName(input.company),
      email: email.ok ? email.email : null,
      timezone: timezone.zone,
      timezoneSource: timezone.source,
      timezoneCandidates: timezone.candidates,
      consent,
      consentSource: normalizeName(input.consentSource),
      consentAt,
      customFields: normalizeCustomFields(input.customFields ?? {}, warnings),
    },
    warnings,
  };
}

function isError(value: unknown): value is { error: string } {
  return typeof value === "object" && value !== null && "error" in value;
}

/**
 * Trimmed, empty values dropped, within the API limits. A CSV has no such limits, so overflow is
 * cut with a warning instead of rejecting the lead over a notes column.
 */
function normalizeCustomFields(fields: Record<string, string>, warnings: string[]): Record<string, string> {
  const { maxKeys, maxKeyLength, maxValueLength } = CUSTOM_FIELD_LIMITS;
  // A Map, not an object literal: CSV headers such as "constructor" or "__proto__" must stay data.
  const result = new Map<string, string>();
  const dropped: string[] = [];
  for (const [rawKey, rawValue] of Object.entries(fields)) {
    const key = rawKey.trim().slice(0, maxKeyLength);
    const value = rawValue.trim();
    if (key === "" || value === "" || result.has(key)) continue;
    if (result.size >= maxKeys) {
      dropped.push(key);
      continue;
    }
    if (value.length > maxValueLength)
      warnings.push(`custom field "${key}" was cut to ${maxValueLength} characters`);
    result.set(key, value.slice(0, maxValueLength));
  }
  if (dropped.length > 0) {
    warnings.push(
      `only ${maxKeys} custom fields are kept; dropped ${dropped.map((k) => `"${k}"`).join(", ")}`,
    );
  }
  return Object.fromEntries(result);
}
