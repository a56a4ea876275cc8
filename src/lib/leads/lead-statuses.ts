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
