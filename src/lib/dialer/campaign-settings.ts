import { z } from "zod";
import { RETRYABLE_RESULTS, type RetryableResult } from "./call-states";

/**
 * A campaign's retry policy: for each way a call can end without a conversation, whether to try
 * again and after how many minutes. Stored as jsonb on `campaigns.retry_policy`; a missing entry
 * falls back to the default, so old rows and partial edits stay valid.
 */
export const retryRuleSchema = z.object({
  retry: z.boolean(),
  /** Minutes after the call ended. At least 5: ringing a lead back at once reads as harassment. */
  delayMinutes: z
    .int()
    .min(5, "Wait at least 5 minutes before calling again.")
    .max(60 * 24 * 14, "At most 14 days."),
});
export type RetryRule = z.infer<typeof retryRuleSchema>;

export type RetryPolicy = Record<RetryableResult, RetryRule>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  no_answer: { retry: true, delayMinutes: 240 },
  busy: { retry: true, delayMinutes: 30 },
  voicemail: { retry: true, delayMinutes: 24 * 60 },
  failed: { retry: true, delayMinutes: 60 },
};

export const retryPolicySchema = z.object({
  no_answer: retryRuleSchema,
  busy: retryRuleSchema,
  voicemail: retryRuleSchema,
  failed: retryRuleSchema,
});

/** The stored policy with defaults filled in; an unreadable entry falls back to its default. */
export function readRetryPolicy(stored: unknown): RetryPolicy {
  const source = (stored && typeof stored === "object" ? stored : {}) as Record<string, unknown>;
  const policy = { ...DEFAULT_RETRY_POLICY };
  for (const result of RETRYABLE_RESULTS) {
    const parsed = retryRuleSchema.safeParse(source[result]);
    if (parsed.success) policy[result] = parsed.data;
  }
  return policy;
}
