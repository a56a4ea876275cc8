import type { CallResult } from "@/lib/dialer/call-states";
import { logger } from "@/lib/logger";

/*
 * Vapi's `endedReason` (about 275 values in @vapi-ai/server-sdk 2.0.1 `CallEndedReason`, most of
 * them `pipeline-error-*` and `call.in-progress.error-*fault*` provider errors) to how the call
 * ended. Exact values first, then prefixes; whatever is left is `failed` and logged.
 * - Nobody picked up: no_answer. The line was busy: busy. A machine answered: voicemail.
 * - A conversation took place, however it ended (either side hung up, silence, the maximum
 *   duration, a transfer attempt, the carrier reporting the connected call completed): answered.
 * - Vapi, the carrier, our configuration or account refused or broke the call: failed.
 */

const EXACT: Record<string, CallResult> = {
  "customer-did-not-answer": "no_answer",
  "call.forwarding.no-answer": "answered",
  "customer-busy": "busy",
  voicemail: "voicemail",
  "exceeded-max-duration": "answered",
  "silence-timed-out": "answered",
  "assistant-said-end-call-phrase": "answered",
  "assistant-forwarded-call": "answered",
  "call.in-progress.twilio-completed-call": "answered",
  "call.in-progress.sip-completed-call": "answered",
  "vonage-completed": "answered",
  "call.forwarding.operator-busy": "answered",
  // An operator stopped the call through the API or dashboard: no conversation is assumed.
  "manually-canceled": "failed",
  "customer-did-not-give-microphone-permission": "failed",
  "twilio-failed-to-connect-call": "failed",
  "twilio-reported-customer-misdialed": "failed",
  "vonage-failed-to-connect-call": "failed",
  "vonage-rejected": "failed",
  "vonage-disconnected": "failed",
  "worker-shutdown": "failed",
  "scheduled-call-deleted": "failed",
  "call-deleted": "failed",
  "assistant-join-timed-out": "failed",
  "assistant-not-found": "failed",
  "assistant-not-valid": "failed",
  "phone-call-provider-closed-websocket": "failed",
  "phone-call-provider-bypass-enabled-but-no-call-received": "failed",
};

/** Checked in order: errors before the broader `customer-`/`assistant-` families. */
const PREFIXES: [prefix: string, result: CallResult][] = [
  ["call.start.", "failed"],
  ["call-start-error-", "failed"],
  ["call.in-progress.error-", "failed"],
  ["call.ringing.error-", "failed"],
  ["pipeline-error-", "failed"],
  ["assistant-request-", "failed"],
  ["customer-ended-call", "answered"],
  ["assistant-ended-call", "answered"],
  // Inbound ringing hooks and a caller hanging up before connect: never a conversation.
  ["call.ringing.", "no_answer"],
  ["call.ending.hook-", "answered"],
];

/** The normalized result for a reason, or null when the reason is not one we know. */
export function knownEndedReasonResult(reason: string): CallResult | null {
  const exact = EXACT[reason];
  if (exact) return exact;
  for (const [prefix, result] of PREFIXES) if (reason.startsWith(prefix)) return result;
  if (reason.includes("fault")) return "failed";
  return null;
}

/** The normalized result; a missing or unknown (newer) reason is `failed` and logged, never thrown. */
export function resultForEndedReason(reason: string | null | undefined): CallResult {
  if (!reason) return "failed";
  const known = knownEndedReasonResult(reason);
  if (known) return known;
  logger.warn("vapi: unknown endedReason, recorded as failed", { reason });
  return "failed";
}
