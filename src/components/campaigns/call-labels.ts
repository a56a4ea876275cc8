import type { CallOutcome, CallResult, CallStatus } from "@/lib/dialer/call-states";

export const CALL_STATUS_LABELS: Record<CallStatus, string> = {
  queued: "Queued",
  dialing: "Dialing",
  live: "Live",
  ended: "Ended",
};

export const CALL_RESULT_LABELS: Record<CallResult, string> = {
  answered: "Answered",
  no_answer: "No answer",
  busy: "Busy",
  voicemail: "Voicemail",
  failed: "Failed",
};

export const CALL_RESULT_VARIANT: Record<CallResult, "success" | "warning" | "destructive" | "secondary"> = {
  answered: "success",
  no_answer: "warning",
  busy: "warning",
  voicemail: "secondary",
  failed: "destructive",
};

export const CALL_OUTCOME_LABELS: Record<CallOutcome, string> = {
  booked: "Booked",
  not_interested: "Not interested",
  callback: "Callback",
  do_not_call: "Do not call",
  unknown: "No decision",
};

/**
 * Providers' own end reasons (Retell `disconnection_reason`, Vapi `endedReason`) in words; a reason
 * not listed reads as its words ("max_duration_reached" -> "Max duration reached").
 */
const PROVIDER_REASON_LABELS: Record<string, string> = {
  user_hangup: "The lead hung up",
  agent_hangup: "The agent ended the call",
  "customer-ended-call": "The lead hung up",
  "assistant-ended-call": "The agent ended the call",
  dial_no_answer: "No one picked up",
  "customer-did-not-answer": "No one picked up",
  dial_busy: "The line was busy",
  "customer-busy": "The line was busy",
  voicemail_reached: "Reached voicemail",
  voicemail: "Reached voicemail",
  dial_failed: "The call could not be placed",
  error_unknown: "The provider reported an error",
  inactivity: "Silence: the call timed out",
  "silence-timed-out": "Silence: the call timed out",
  max_duration_reached: "Reached the maximum call length",
  "exceeded-max-duration": "Reached the maximum call length",
  call_transfer: "Transferred",
};

/** A snake_case or kebab-case token as words: "not_interested" -> "Not interested". */
export function humanizeToken(token: string): string {
  const words = token.replace(/[_-]+/g, " ").trim().toLowerCase();
  return words ? words[0]?.toUpperCase() + words.slice(1) : token;
}

/** The provider's end reason in words; the raw value belongs in a tooltip. */
export function providerReasonLabel(reason: string): string {
  return PROVIDER_REASON_LABELS[reason] ?? humanizeToken(reason);
}

export const PROVIDER_LABELS = { simulator: "Simulated", retell: "Retell", vapi: "Vapi" } as const;

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}
