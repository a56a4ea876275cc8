import { z } from "zod";
import { leadStatus } from "@/lib/db/schema";
import { type LeadInput, leadInputSchema } from "@/lib/leads/normalize/normalize-lead";

/** The most leads one `POST /api/v1/leads` takes; larger syncs send several requests. */
export const MAX_LEADS_PER_REQUEST = 1_000;

/** The public API speaks snake_case; services speak `LeadInput`. One table maps the two. */
const API_TO_INPUT = {
  phone: "phone",
  first_name: "firstName",
  last_name: "lastName",
  full_name: "fullName",
  company: "company",
  email: "email",
  timezone: "timezone",
  consent: "consent",
  consent_source: "consentSource",
  consent_at: "consentAt",
  custom_fields: "customFields",
} as const satisfies Record<string, keyof LeadInput>;

const INPUT_TO_API = new Map<string, string>(
  Object.entries(API_TO_INPUT).map(([api, input]) => [input, api]),
);

/** The API name of a `LeadInput` field ("consentAt" -> "consent_at"); other names pass through. */
export function apiFieldName(field: string): string {
  return INPUT_TO_API.get(field) ?? field;
}

// JSON serializers write absent values as null; null means "not given", as an empty CSV cell does.
function nullable<T extends z.ZodType>(schema: T) {
  return schema.nullable().transform((value) => value ?? undefined);
}

// CRMs send numbers and booleans in free-form fields; custom fields are text to the agent.
const customFieldsInput = z.preprocess((value) => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const entries = Object.entries(value).filter(([, v]) => v !== null && v !== undefined);
  return Object.fromEntries(
    entries.map(([k, v]) => [k, typeof v === "number" || typeof v === "boolean" ? String(v) : v]),
  );
}, leadInputSchema.shape.customFields);

const shape = leadInputSchema.shape;

/**
 * One lead as the API takes it: the import's own field validators (`leadInputSchema`) under
 * snake_case names. Unknown fields are rejected, so a misspelt `phone_number` is reported
 * instead of silently dropped.
 */
export const apiLeadSchema = z
  .strictObject({
    phone: nullable(shape.phone),
    first_name: nullable(shape.firstName),
    last_name: nullable(shape.lastName),
    full_name: nullable(shape.fullName),
    company: nullable(shape.company),
    email: nullable(shape.email),
    timezone: nullable(shape.timezone),
    consent: nullable(shape.consent),
    consent_source: nullable(shape.consentSource),
    consent_at: nullable(shape.consentAt),
    custom_fields: nullable(customFieldsInput),
  })
  .transform(
    (lead): LeadInput => ({
      phone: lead.phone,
      firstName: lead.first_name,
      lastName: lead.last_name,
      fullName: lead.full_name,
      company: lead.company,
      email: lead.email,
      timezone: lead.timezone,
      consent: lead.consent,
      consentSource: lead.consent_source,
      consentAt: lead.consent_at,
      customFields: lead.custom_fields,
    }),
  );

/**
 * `{ campaign_id, leads }` where `leads` is one lead object or an array of them. Each lead is
 * checked on its own afterwards, so one bad lead rejects only itself.
 */
export const upsertLeadsRequestSchema = z.strictObject({
  campaign_id: z.uuid("Must be the id (UUID) of a campaign."),
  leads: z.unknown().transform((value, ctx): { single: boolean; items: unknown[] } => {
    if (Array.isArray(value)) {
      if (value.length === 0) ctx.addIssue({ code: "custom", message: "Send at least one lead." });
      if (value.length > MAX_LEADS_PER_REQUEST) {
        ctx.addIssue({
          code: "custom",
          message: `At most ${MAX_LEADS_PER_REQUEST.toLocaleString("en-US")} leads per request; split the batch.`,
        });
      }
      return { single: false, items: value };
    }
    if (typeof value === "object" && value !== null) return { single: true, items: [value] };
    ctx.addIssue({ code: "custom", message: "Must be a lead object or an array of leads." });
    return z.NEVER;
  }),
});

const LEAD_STATUSES = leadStatus.enumValues;

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-](\d{2})(?::?\d{2})?))?$/i;

/** A real calendar instant: the database would fail on February 30 with a 500, not a 422. */
function isTimestamp(value: string): boolean {
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [, y, mo, d, h = "0", mi = "0", sec = "0", offsetHours = "0"] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return (
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(mo) - 1 &&
    date.getUTCDate() === Number(d) &&
    Number(h) <= 23 &&
    Number(mi) <= 59 &&
    Number(sec) <= 59 &&
    Number(offsetHours) <= 15
  );
}

const timestampParam = z
  .string()
  .trim()
  .refine(
    isTimestamp,
    "Use an ISO 8601 timestamp with an offset (2026-01-31T12:00:00Z) or a date (2026-01-31).",
  )
  // A bare date means midnight UTC, whatever the database session's zone.
  .transform((value) => (value.length === 10 ? `${value}T00:00:00Z` : value));

export type LeadCursor = { createdAt: string; id: string };

const cursorTuple = z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/), z.uuid()]);

/** Opaque to callers: the (created_at, id) of the last lead of the previous page. */
export function encodeLeadCursor(cursor: LeadCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString("base64url");
}

const cursorParam = z.string().transform((value, ctx): LeadCursor => {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  const parsed = cursorTuple.safeParse(decoded);
  if (!parsed.success) {
    ctx.addIssue({ code: "custom", message: "Not a cursor this API returned; pass next_cursor as it came." });
    return z.NEVER;
  }
  return { createdAt: parsed.data[0], id: parsed.data[1] };
});

/** Query parameters of `GET /api/v1/leads`; `status` takes one value or a comma-separated list. */
export const listLeadsQuerySchema = z.strictObject({
  campaign_id: z.uuid("Must be the id (UUID) of a campaign.").optional(),
  status: z
    .string()
    .transform((value) => value.split(",").map((s) => s.trim()))
    .pipe(
      z
        .array(z.enum(LEAD_STATUSES, { error: `Must be one of: ${LEAD_STATUSES.join(", ")}.` }))
        .min(1)
        .max(LEAD_STATUSES.length),
    )
    .optional(),
  updated_since: timestampParam.optional(),
  created_since: timestampParam.optional(),
  q: z
    .string()
    .transform((value) => value.replaceAll("\u0000", "").trim())
    .pipe(z.string().min(1, "Search for at least one character.").max(200, "Search at most 200 characters."))
    .optional(),
  cursor: cursorParam.optional(),
  limit: z.coerce
    .number("Must be a whole number from 1 to 200.")
    .int("Must be a whole number from 1 to 200.")
    .min(1, "Must be a whole number from 1 to 200.")
    .max(200, "Must be a whole number from 1 to 200.")
    .default(50),
});
export type ListLeadsQuery = z.output<typeof listLeadsQuerySchema>;
