import { z } from "zod";
import { CALL_OUTCOMES, CALL_RESULTS } from "@/lib/dialer/call-states";
import { CALL_REVIEW_FILTERS } from "./review";
import { searchTextSchema } from "./search-text";

export const CALL_PROVIDERS = ["simulator", "retell", "vapi"] as const;
export type CallProvider = (typeof CALL_PROVIDERS)[number];

/** A calendar day, `YYYY-MM-DD`, that exists. */
const daySchema = z.iso.date();
/** Seconds of talk time, up to a day. */
const secondsSchema = z.number().int().min(0).max(86_400);

/**
 * What the calls log filters on; the same shape selects the calls its CSV export writes. Days are
 * the viewer's (`zone`): `from` and `to` both count, `to` to its end.
 */
export const callFilterSchema = z.object({
  q: searchTextSchema(200).optional(),
  campaignId: z.uuid().optional(),
  leadId: z.uuid().optional(),
  result: z.enum(CALL_RESULTS).optional(),
  outcome: z.enum(CALL_OUTCOMES).optional(),
  provider: z.enum(CALL_PROVIDERS).optional(),
  /** Reviewed, not yet reviewed, flagged for coaching, or scored low (decision 0016). */
  review: z.enum(CALL_REVIEW_FILTERS).optional(),
  from: daySchema.optional(),
  to: daySchema.optional(),
  minSeconds: secondsSchema.optional(),
  maxSeconds: secondsSchema.optional(),
});
export type CallFilter = z.infer<typeof callFilterSchema>;

type SearchParams = Record<string, string | string[] | undefined>;

/** The URL parameter each filter lives in (short, stable: links get shared). */
export const CALL_FILTER_PARAMS = {
  q: "q",
  campaignId: "campaign",
  result: "result",
  outcome: "outcome",
  provider: "provider",
  review: "review",
  from: "from",
  to: "to",
  minSeconds: "dmin",
  maxSeconds: "dmax",
} as const satisfies Partial<Record<keyof CallFilter, string>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parsed<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

function seconds(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,6}$/.test(value) ? parsed(secondsSchema, Number(value)) : undefined;
}

/**
 * The calls log's filters from its URL. Lenient on purpose, like the lead table's: a hand-edited
 * or stale link drops what it can't read instead of failing the page. A range given backwards
 * (`from` after `to`, a minimum above the maximum) is read the right way round.
 */
export function parseCallSearchParams(params: SearchParams): { filter: CallFilter; page: number } {
  const get = (key: keyof typeof CALL_FILTER_PARAMS) => first(params[CALL_FILTER_PARAMS[key]]);
  const q = parsed(searchTextSchema(200), get("q")?.slice(0, 200));
  let from = parsed(daySchema, get("from"));
  let to = parsed(daySchema, get("to"));
  if (from && to && from > to) [from, to] = [to, from];
  let minSeconds = seconds(get("minSeconds"));
  let maxSeconds = seconds(get("maxSeconds"));
  if (minSeconds !== undefined && maxSeconds !== undefined && minSeconds > maxSeconds)
    [minSeconds, maxSeconds] = [maxSeconds, minSeconds];
  const filter: CallFilter = {
    q: q || undefined,
    campaignId: parsed(z.uuid(), get("campaignId")),
    result: parsed(z.enum(CALL_RESULTS), get("result")),
    outcome: parsed(z.enum(CALL_OUTCOMES), get("outcome")),
    provider: parsed(z.enum(CALL_PROVIDERS), get("provider")),
    review: parsed(z.enum(CALL_REVIEW_FILTERS), get("review")),
    from,
    to,
    minSeconds,
    maxSeconds,
  };
  const page = Math.min(Math.max(Number.parseInt(first(params.page) ?? "1", 10) || 1, 1), 100_000);
  return { filter: stripUndefined(filter), page };
}

/**
 * The filter parameters given with a value that `parseCallSearchParams` could not read, as
 * `name=value`. The page drops them quietly; the CSV export refuses them, because dropping a filter
 * there would silently export more calls than the person asked for.
 */
export function unreadableCallParams(params: SearchParams, filter: CallFilter): string[] {
  return Object.entries(CALL_FILTER_PARAMS).flatMap(([key, param]) => {
    const raw = first(params[param])?.trim();
    return raw && filter[key as keyof typeof CALL_FILTER_PARAMS] === undefined ? [`${param}=${raw}`] : [];
  });
}

/** The inverse of `parseCallSearchParams` (page one unless told), for links and the export. */
export function callSearchParams(filter: CallFilter, page = 1): URLSearchParams {
  const p = new URLSearchParams();
  for (const [key, param] of Object.entries(CALL_FILTER_PARAMS)) {
    const value = filter[key as keyof typeof CALL_FILTER_PARAMS];
    if (value !== undefined && value !== "") p.set(param, String(value));
  }
  if (page > 1) p.set("page", String(page));
  return p;
}

/** Whether any filter narrows the list (the lead filter is the lead page's, not the log's). */
export function isCallFilterActive(filter: CallFilter): boolean {
  return Object.keys(CALL_FILTER_PARAMS).some((k) => filter[k as keyof CallFilter] !== undefined);
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
