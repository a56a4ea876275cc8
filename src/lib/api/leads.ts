import { AppError } from "@/lib/errors";
import type { LeadInput } from "@/lib/leads/normalize/normalize-lead";
import {
  apiFieldName,
  apiLeadSchema,
  encodeLeadCursor,
  type ListLeadsQuery,
  upsertLeadsRequestSchema,
} from "@/lib/schemas/lead-api";
import type { ApiLeadRow, LeadPageCursor, ListLeadsApiInput } from "@/lib/services/leads/list-leads-api";
import type { UpsertLeadResult } from "@/lib/services/leads/upsert-leads";
import { ApiError, type ApiErrorBody, type ApiIssue, formatPath, zodIssues } from "./errors";

/** 1,000 leads with generous custom fields fit in well under this. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The request body as JSON: 413 when too large, 400 when not JSON. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new ApiError("payload_too_large", "The body is larger than 10 MB.");
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new ApiError("payload_too_large", "The body is larger than 10 MB.");
  }
  if (text.trim() === "")
    throw new AppError("bad_request", 'Send a JSON body: { "campaign_id": ..., "leads": [...] }.');
  try {
    return JSON.parse(text, withoutNul);
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON.");
  }
}

/**
 * Postgres text and jsonb cannot hold U+0000, which JSON can: drop it from keys and values here
 * rather than answer a 500 from the database.
 */
function withoutNul(_key: string, value: unknown): unknown {
  if (typeof value === "string") return value.replaceAll("\u0000", "");
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.some(([k]) => k.includes("\u0000"))) {
      return Object.fromEntries(entries.map(([k, v]) => [k.replaceAll("\u0000", ""), v]));
    }
  }
  return value;
}

type LeadEntry = { ok: true; input: LeadInput } | { ok: false; issues: ApiIssue[] };

export type UpsertLeadsRequest = { campaignId: string; single: boolean; entries: LeadEntry[] };

/**
 * The envelope must be right as a whole (a ZodError, 422, otherwise); each lead is then checked on
 * its own so one bad lead rejects only itself. Paths name the lead as sent: `leads[3].phone`, or
 * `leads.phone` when `leads` was a single object.
 */
export function parseUpsertLeadsRequest(body: unknown): UpsertLeadsRequest {
  const { campaign_id, leads } = upsertLeadsRequestSchema.parse(body);
  const entries = leads.items.map((item, index): LeadEntry => {
    const parsed = apiLeadSchema.safeParse(item);
    if (parsed.success) return { ok: true, input: parsed.data };
    return { ok: false, issues: zodIssues(parsed.error.issues, leadPath(leads.single, index)) };
  });
  return { campaignId: campaign_id, single: leads.single, entries };
}

function leadPath(single: boolean, index: number): PropertyKey[] {
  return single ? ["leads"] : ["leads", index];
}

/** The leads that passed the schema, in order: what the service normalises and writes. */
export function acceptedInputs(request: UpsertLeadsRequest): LeadInput[] {
  return request.entries.flatMap((entry) => (entry.ok ? [entry.input] : []));
}

type LeadResultJson =
  | { index: number; status: "created" | "updated"; id: string; warnings?: string[] }
  | { index: number; status: "rejected"; errors: ApiIssue[] };

type UpsertLeadsBody = {
  results: LeadResultJson[];
  summary: { created: number; updated: number; rejected: number };
} & Partial<ApiErrorBody>;

/**
 * Per-lead results in input order. 200 when every lead was written, 207 when some were rejected,
 * 422 when none was written (then with an `error` listing every issue, like any other 422).
 */
export function upsertLeadsResponse(request: UpsertLeadsRequest, written: UpsertLeadResult[]): Response {
  let next = 0;
  const results = request.entries.map((entry, index): LeadResultJson => {
    if (!entry.ok) return { index, status: "rejected", errors: entry.issues };
    const result = written[next++];
    if (!result) throw new Error("the service returned fewer results than leads");
    if (result.status === "rejected") {
      const prefix = leadPath(request.single, index);
      const errors = result.errors.map((e) => ({
        path: formatPath([...prefix, apiFieldName(e.field)]),
        message: e.message,
      }));
      return { index, status: "rejected", errors };
    }
    return {
      index,
      status: result.status,
      id: result.id,
      ...(result.warnings.length > 0 ? { warnings: result.warnings } : {}),
    };
  });
  const count = (status: LeadResultJson["status"]) => results.filter((r) => r.status === status).length;
  const summary = { created: count("created"), updated: count("updated"), rejected: count("rejected") };
  if (summary.rejected === results.length) {
    const issues = results.flatMap((r) => (r.status === "rejected" ? r.errors : []));
    const message = results.length === 1 ? "The lead was rejected." : "Every lead was rejected.";
    const body: UpsertLeadsBody = { error: { code: "validation", message, issues }, results, summary };
    return Response.json(body, { status: 422 });
  }
  const body: UpsertLeadsBody = { results, summary };
  return Response.json(body, { status: summary.rejected > 0 ? 207 : 200 });
}

/**
 * Query parameters as one object for the schema: empty values count as absent, and a repeated
 * parameter (`status=a&status=b`) reads as a comma-separated list.
 */
export function queryObject(url: URL): Record<string, string> {
  // No prototype: a parameter named `constructor` or `__proto__` stays an (unknown) parameter.
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of url.searchParams) {
    if (value.trim() === "") continue;
    const seen = out[key];
    out[key] = seen === undefined ? value : `${seen},${value}`;
  }
  return out;
}

export function listLeadsInput(query: ListLeadsQuery): ListLeadsApiInput {
  return {
    campaignId: query.campaign_id,
    statuses: query.status,
    updatedSince: query.updated_since,
    createdSince: query.created_since,
    q: query.q,
    cursor: query.cursor,
    limit: query.limit,
  };
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A lead in the API's snake_case shape. */
export function toApiLead(lead: ApiLeadRow) {
  return {
    id: lead.id,
    campaign_id: lead.campaignId,
    phone: lead.phone,
    phone_extension: lead.phoneExtension,
    first_name: lead.firstName,
    last_name: lead.lastName,
    company: lead.company,
    email: lead.email,
    timezone: lead.timezone,
    timezone_source: lead.timezoneSource,
    timezone_candidates: lead.timezoneCandidates,
    consent: lead.consent,
    consent_source: lead.consentSource,
    consent_at: iso(lead.consentAt),
    custom_fields: lead.customFields,
    status: lead.status,
    attempts: lead.attempts,
    next_attempt_at: iso(lead.nextAttemptAt),
    last_called_at: iso(lead.lastCalledAt),
    created_at: iso(lead.createdAt),
    updated_at: iso(lead.updatedAt),
  };
}

export function listLeadsResponse(page: {
  leads: ApiLeadRow[];
  nextCursor: LeadPageCursor | null;
}): Response {
  return Response.json({
    data: page.leads.map(toApiLead),
    has_more: page.nextCursor !== null,
    next_cursor: page.nextCursor ? encodeLeadCursor(page.nextCursor) : null,
  });
}
