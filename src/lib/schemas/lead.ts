import { z } from "zod";
import { LEAD_STATUSES } from "@/lib/leads/lead-statuses";
import { LIST_COUNT_CAP } from "./list";
import { timeZoneSchema } from "./organization";
import { searchTextSchema } from "./search-text";

export { LEAD_STATUSES };
export const leadStatusSchema = z.enum(LEAD_STATUSES);
export type LeadStatus = z.infer<typeof leadStatusSchema>;

export const LEAD_SORTS = [
  "created",
  "name",
  "company",
  "status",
  "attempts",
  "lastCalled",
  "timezone",
] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];
export type SortDir = "asc" | "desc";

export const LEAD_PAGE_SIZE = 50;
/** Beyond this many matches the table says "10,000+" instead of counting every row. */
export const LEAD_COUNT_CAP = LIST_COUNT_CAP;
/** The most lead ids one bulk action takes by id; larger sets go by filter. */
export const MAX_SELECTED_IDS = 1_000;

export const consentFilterSchema = z.enum(["yes", "no", "unknown"]);
export type ConsentFilter = z.infer<typeof consentFilterSchema>;

const attemptsSchema = z.number().int().min(0).max(10_000);

/** What the lead table filters on; the same shape selects leads for a bulk action. */
export const leadFilterSchema = z.object({
  q: searchTextSchema(200).optional(),
  campaignId: z.uuid().optional(),
  statuses: z.array(leadStatusSchema).max(LEAD_STATUSES.length).optional(),
  timezone: z.string().trim().min(1).max(100).optional(),
  attemptsMin: attemptsSchema.optional(),
  attemptsMax: attemptsSchema.optional(),
  consent: consentFilterSchema.optional(),
});
export type LeadFilter = z.infer<typeof leadFilterSchema>;

export type LeadListQuery = { filter: LeadFilter; sort: LeadSort; dir: SortDir; page: number };

export const DEFAULT_LEAD_SORT: { sort: LeadSort; dir: SortDir } = { sort: "created", dir: "desc" };

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parsed<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

function intParam(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return parsed(attemptsSchema, Number(value));
}

/**
 * The lead table's state from its URL, so every view is a shareable link. Lenient on purpose: a
 * hand-edited or stale link drops the parameters it can't read instead of failing the page.
 */
export function parseLeadSearchParams(params: SearchParams): LeadListQuery {
  const statuses = (first(params.status) ?? "")
    .split(",")
    .map((s) => parsed(leadStatusSchema, s.trim()))
    .filter((s): s is LeadStatus => s !== undefined);
  const q = first(params.q)?.trim().slice(0, 200);
  const filter: LeadFilter = {
    q: q || undefined,
    campaignId: parsed(z.uuid(), first(params.campaign)),
    statuses: statuses.length > 0 ? [...new Set(statuses)] : undefined,
    timezone: parsed(timeZoneSchema, first(params.tz)),
    attemptsMin: intParam(first(params.attemptsMin)),
    attemptsMax: intParam(first(params.attemptsMax)),
    consent: parsed(consentFilterSchema, first(params.consent)),
  };
  const sort = parsed(z.enum(LEAD_SORTS), first(params.sort)) ?? DEFAULT_LEAD_SORT.sort;
  const dir =
    parsed(z.enum(["asc", "desc"]), first(params.dir)) ?? (sort === DEFAULT_LEAD_SORT.sort ? "desc" : "asc");
  const page = Math.min(Math.max(Number.parseInt(first(params.page) ?? "1", 10) || 1, 1), 100_000);
  return { filter: stripUndefined(filter), sort, dir, page };
}

/** The inverse of `parseLeadSearchParams`, leaving defaults out so links stay short. */
export function leadSearchParams(query: LeadListQuery): URLSearchParams {
  const p = new URLSearchParams();
  const f = query.filter;
  if (f.q) p.set("q", f.q);
  if (f.campaignId) p.set("campaign", f.campaignId);
  if (f.statuses?.length) p.set("status", f.statuses.join(","));
  if (f.timezone) p.set("tz", f.timezone);
  if (f.attemptsMin !== undefined) p.set("attemptsMin", String(f.attemptsMin));
  if (f.attemptsMax !== undefined) p.set("attemptsMax", String(f.attemptsMax));
  if (f.consent) p.set("consent", f.consent);
  if (query.sort !== DEFAULT_LEAD_SORT.sort || query.dir !== DEFAULT_LEAD_SORT.dir) {
    p.set("sort", query.sort);
    p.set("dir", query.dir);
  }
  if (query.page > 1) p.set("page", String(query.page));
  return p;
}

export function isFiltered(filter: LeadFilter): boolean {
  return Object.values(stripUndefined(filter)).length > 0;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The leads a bulk action applies to: ticked rows, or everything matching the table's filter. */
export const leadSelectionSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("ids"), ids: z.array(z.uuid()).min(1).max(MAX_SELECTED_IDS) }),
  z.object({ mode: z.literal("filter"), filter: leadFilterSchema }),
]);
export type LeadSelection = z.infer<typeof leadSelectionSchema>;

export const bulkLeadsSchema = z.object({ selection: leadSelectionSchema });

/** Reset to pending: leads that booked stay as they are unless the user includes them. */
export const resetLeadsSchema = z.object({
  selection: leadSelectionSchema,
  includeBooked: z.boolean().default(false),
});
export type ResetLeadsInput = z.infer<typeof resetLeadsSchema>;

export const moveLeadsSchema = z.object({
  selection: leadSelectionSchema,
  campaignId: z.uuid("Pick a campaign."),
});
export type MoveLeadsInput = z.infer<typeof moveLeadsSchema>;

export const addLeadsToDoNotCallSchema = z.object({
  selection: leadSelectionSchema,
  reason: z.string().trim().min(2, "Say why these numbers must not be called.").max(500),
});
export type AddLeadsToDoNotCallInput = z.infer<typeof addLeadsToDoNotCallSchema>;

export const countLeadsSchema = z.object({ filter: leadFilterSchema });

/** Leads per page in the trash. */
export const TRASH_PAGE_SIZE = 25;

const leadIdsSchema = z
  .array(z.uuid("A lead id is not valid."))
  .min(1, "Choose at least one lead.")
  .max(MAX_SELECTED_IDS, `Choose at most ${MAX_SELECTED_IDS.toLocaleString("en-US")} leads at a time.`);

/** The trashed leads a restore applies to: ticked rows, or the whole trash. */
export const restoreLeadsSchema = z.object({
  selection: z.discriminatedUnion("mode", [
    z.object({ mode: z.literal("ids"), ids: leadIdsSchema }),
    z.object({ mode: z.literal("all") }),
  ]),
});
export type RestoreLeadsInput = z.infer<typeof restoreLeadsSchema>;

/** Trashed leads to erase now rather than after 30 days (ticked rows only). */
export const eraseTrashedLeadsSchema = z.object({ ids: leadIdsSchema });
export type EraseTrashedLeadsInput = z.infer<typeof eraseTrashedLeadsSchema>;

/** A privacy request: erase everything about the person this lead is (every lead with its number). */
export const erasePersonSchema = z.object({ leadId: z.uuid("The lead id is not valid.") });
export type ErasePersonInput = z.infer<typeof erasePersonSchema>;

/** The trash page's and the audit page's `?page=`; anything malformed is the first page. */
export const pageParamSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

/** The same limits the importer and the API apply (`CUSTOM_FIELD_LIMITS` in normalize-lead). */
export const CUSTOM_FIELD_LIMITS = { maxKeys: 50, maxKeyLength: 64, maxValueLength: 2_000 } as const;

const optionalText = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`);
const emailPattern = z.email();

export const leadConsentSchema = z.enum(["given", "refused", "unknown"]);

/** A calendar day (yyyy-mm-dd), as an `<input type="date">` gives it. */
function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The editable part of a lead, shared by the lead page's form and `updateLeadAction`. */
export const leadFormSchema = z
  .object({
    firstName: optionalText(200),
    lastName: optionalText(200),
    company: optionalText(200),
    email: optionalText(320)
      .toLowerCase()
      .refine((v) => v === "" || emailPattern.safeParse(v).success, "Enter a valid email address."),
    timezone: timeZoneSchema,
    consent: leadConsentSchema,
    consentSource: optionalText(200),
    consentDate: z
      .string()
      .trim()
      .refine((v) => v === "" || isCalendarDay(v), "Enter a date (yyyy-mm-dd)."),
    customFields: z
      .array(
        z.object({
          key: z
            .string()
            .trim()
            .min(1, "Name the field.")
            .max(
              CUSTOM_FIELD_LIMITS.maxKeyLength,
              `Use at most ${CUSTOM_FIELD_LIMITS.maxKeyLength} characters.`,
            ),
          value: z
            .string()
            .max(
              CUSTOM_FIELD_LIMITS.maxValueLength,
              `Use at most ${CUSTOM_FIELD_LIMITS.maxValueLength} characters.`,
            ),
        }),
      )
      .max(CUSTOM_FIELD_LIMITS.maxKeys, `At most ${CUSTOM_FIELD_LIMITS.maxKeys} custom fields.`),
  })
  .superRefine((v, ctx) => {
    if (v.consent !== "unknown" && v.consentSource.length < 2) {
      // A consent record without its source can't be defended later (TCPA-style audits ask where).
      ctx.addIssue({
        code: "custom",
        path: ["consentSource"],
        message: "Say where the consent answer came from.",
      });
    }
    // A day ahead of UTC covers every time zone's "today".
    const latest = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    if (v.consentDate !== "" && v.consentDate > latest) {
      ctx.addIssue({ code: "custom", path: ["consentDate"], message: "The date can't be in the future." });
    }
    const seen = new Set<string>();
    v.customFields.forEach((field, i) => {
      if (seen.has(field.key)) {
        ctx.addIssue({
          code: "custom",
          path: ["customFields", i, "key"],
          message: "This field name is used twice.",
        });
      }
      seen.add(field.key);
    });
  });
export type LeadFormValues = z.infer<typeof leadFormSchema>;

export const updateLeadSchema = z.object({ leadId: z.uuid(), values: leadFormSchema });
export type UpdateLeadInput = z.infer<typeof updateLeadSchema>;
