/**
 * The call's lifecycle and its two separate verdicts (design section 4): how it ended (`result`,
 * normalized from the provider's raw reason) and what the conversation achieved (`outcome`).
 * One list each for the database enums and the zod schemas.
 */
export const CALL_STATUSES = ["queued", "dialing", "live", "ended"] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const CALL_RESULTS = ["answered", "no_answer", "busy", "voicemail", "failed"] as const;
export type CallResult = (typeof CALL_RESULTS)[number];

export const CALL_OUTCOMES = ["booked", "not_interested", "callback", "do_not_call", "unknown"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Results a campaign's retry policy decides on (an answered call is decided by its outcome). */
export const RETRYABLE_RESULTS = ["no_answer", "busy", "voicemail", "failed"] as const;
export type RetryableResult = (typeof RETRYABLE_RESULTS)[number];
