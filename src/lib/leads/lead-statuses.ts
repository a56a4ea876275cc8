/**
 * Design section 4: how a lead moves through the dialer. One list for the database enum
 * (`lead_status`) and the zod schemas: `pending -> queued -> calling -> booked | not_interested |
 * callback | no_answer, busy, voicemail (-> pending, or unreachable) | do_not_call |
 * invalid_number | failed`.
 */
export const LEAD_STATUSES = [
  "pending",
  "queued",
  "calling",
  "booked",
  "not_interested",
  "callback",
  "no_answer",
  "busy",
  "voicemail",
  "unreachable",
  "do_not_call",
  "invalid_number",
  "failed",
] as const;

/**
 * The statuses the dialer claims from: fresh leads, retries (back to pending) and callbacks. SQL
 * reaches them as `dialableStatusList` (src/lib/db/schema/leads.ts).
 */
export const DIALABLE_LEAD_STATUSES = [
  "pending",
  "callback",
] as const satisfies readonly (typeof LEAD_STATUSES)[number][];
