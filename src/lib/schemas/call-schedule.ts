import { z } from "zod";
import { apiLeadSchema } from "./lead-api";

/** Context variables one scheduled call may carry to the agent. */
export const CALL_CONTEXT_LIMITS = { maxKeys: 30, maxKeyLength: 100, maxValueLength: 500 } as const;

/** How far ahead a call may be scheduled; further is almost certainly a unit mistake. */
export const MAX_SCHEDULE_DAYS = 365;

// JSON serializers write absent values as null; null means "not given", as in the leads API.
function nullable<T extends z.ZodType>(schema: T) {
  return schema.nullable().transform((value) => value ?? undefined);
}

// CRMs send numbers and booleans in free-form fields; the agent reads every variable as text.
const contextInput = z.preprocess(
  (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        typeof v === "number" || typeof v === "boolean" ? String(v) : v,
      ]),
    );
  },
  z
    .record(
      z.string().min(1, "A context key cannot be empty.").max(CALL_CONTEXT_LIMITS.maxKeyLength),
      z
        .string("Must be a string.")
        .max(CALL_CONTEXT_LIMITS.maxValueLength, `At most ${CALL_CONTEXT_LIMITS.maxValueLength} characters.`),
    )
    .refine((context) => Object.keys(context).length <= CALL_CONTEXT_LIMITS.maxKeys, {
      message: `At most ${CALL_CONTEXT_LIMITS.maxKeys} context variables.`,
    }),
);

const instant = z.iso
  .datetime({ offset: true, message: "Use an ISO 8601 instant with an offset: 2026-01-31T15:00:00Z." })
  .transform((value) => new Date(value));

/**
 * `POST /api/v1/calls/schedule`: one call to one lead, named by `lead_id` or given as a `lead`
 * (the leads API's lead object, created or updated by campaign and phone). `at` absent means as
 * soon as the lead's calling window allows.
 */
export const scheduleCallRequestSchema = z
  .strictObject({
    campaign_id: z.uuid("Must be the id (UUID) of a campaign."),
    lead_id: nullable(z.uuid("Must be the id (UUID) of a lead.")).optional(),
    lead: nullable(apiLeadSchema).optional(),
    at: nullable(instant).optional(),
    context: nullable(contextInput).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.lead_id === undefined && body.lead === undefined) {
      ctx.addIssue({ code: "custom", path: ["lead_id"], message: "Send either lead_id or lead." });
    }
    if (body.lead_id !== undefined && body.lead !== undefined) {
      ctx.addIssue({ code: "custom", path: ["lead"], message: "Send either lead_id or lead, not both." });
    }
  })
  .transform((body) => ({
    campaignId: body.campaign_id,
    leadId: body.lead_id,
    lead: body.lead,
    at: body.at,
    context: body.context ?? {},
  }));

export type ScheduleCallInput = z.output<typeof scheduleCallRequestSchema>;
