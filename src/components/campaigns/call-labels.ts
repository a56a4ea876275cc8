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

export const PROVIDER_LABELS = { simulator: "Simulated", retell: "Retell", vapi: "Vapi" } as const;

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}
