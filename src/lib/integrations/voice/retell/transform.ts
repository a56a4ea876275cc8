import { CALL_OUTCOMES, type CallOutcome, type CallResult } from "@/lib/dialer/call-states";
import { logger } from "@/lib/logger";
import type { CallReport, VoiceProviderName } from "../types";
import type { RetellCall, RetellDisconnectionReason, RetellWebhook } from "./webhook-schema";

/**
 * Every documented `disconnection_reason` (retell-sdk 5.66.1) to how the call ended. The record is
 * typed over the SDK's enum, so a reason added by an SDK upgrade fails the type check here.
 * - Never connected and nobody picked up: no_answer (`user_declined` is the callee rejecting the
 *   ring, `registered_call_timeout` a call that never got going: both "try again later").
 * - The callee's line was busy: busy. A machine answered: voicemail.
 * - A conversation took place, however it ended: answered.
 * - Our side or the carrier failed: failed.
 */
export const DISCONNECTION_RESULT: Record<RetellDisconnectionReason, CallResult> = {
  user_hangup: "answered",
  agent_hangup: "answered",
  call_transfer: "answered",
  transfer_bridged: "answered",
  transfer_cancelled: "answered",
  inactivity: "answered",
  max_duration_reached: "answered",
  manual_stopped: "answered",
  call_take_over: "answered",
  voicemail_reached: "voicemail",
  ivr_reached: "voicemail",
  dial_busy: "busy",
  dial_no_answer: "no_answer",
  user_declined: "no_answer",
  registered_call_timeout: "no_answer",
  dial_failed: "failed",
  invalid_destination: "failed",
  concurrency_limit_reached: "failed",
  no_concurrency_fallback: "failed",
  no_valid_payment: "failed",
  scam_detected: "failed",
  telephony_provider_permission_denied: "failed",
  telephony_provider_unavailable: "failed",
  sip_routing_error: "failed",
  marked_as_spam: "failed",
  error_llm_websocket_open: "failed",
  error_llm_websocket_lost_connection: "failed",
  error_llm_websocket_runtime: "failed",
  error_llm_websocket_corrupt_payload: "failed",
  error_no_audio_received: "failed",
  error_asr: "failed",
  error_retell: "failed",
  error_unknown: "failed",
  error_user_not_joined: "failed",
};

/** The normalized result; an unknown (newer) reason is `failed` and logged, never thrown. */
export function resultForDisconnection(reason: string | null | undefined): CallResult {
  if (!reason) return "failed";
  const known = (DISCONNECTION_RESULT as Record<string, CallResult | undefined>)[reason];
  if (known) return known;
  logger.warn("retell: unknown disconnection_reason, recorded as failed", { reason });
  return "failed";
}

const DECISIVE = new Set<string>(CALL_OUTCOMES.filter((o) => o !== "unknown"));

/** The agent's post-call analysis field `outcome` (booked | not_interested | callback | do_not_call). */
export function outcomeFromAnalysis(custom: Record<string, unknown> | null | undefined): {
  outcome: CallOutcome;
  callbackAt: Date | null;
} {
  const raw = typeof custom?.outcome === "string" ? custom.outcome.trim().toLowerCase() : "";
  const outcome = (DECISIVE.has(raw) ? raw : "unknown") as CallOutcome;
  let callbackAt: Date | null = null;
  if (outcome === "callback" && typeof custom?.callback_at === "string") {
    const d = new Date(custom.callback_at);
    if (Number.isFinite(d.getTime())) callbackAt = d;
  }
  return { outcome, callbackAt };
}

const EVENT: Record<string, CallReport["event"] | undefined> = {
  call_started: "started",
  call_ended: "ended",
  call_analyzed: "analyzed",
};

/**
 * Retell's utterances as turns. A transfer target's words are left out of the turns (our turn
 * roles are agent and user); they remain in the plain transcript.
 */
function transcriptTurns(
  utterances: RetellCall["transcript_object"],
): { role: "agent" | "user"; text: string }[] | null {
  if (!utterances?.length) return null;
  const turns: { role: "agent" | "user"; text: string }[] = [];
  for (const u of utterances) {
    const text = u.content?.trim();
    if ((u.role === "agent" || u.role === "user") && text) turns.push({ role: u.role, text });
  }
  return turns.length ? turns : null;
}

const msDate = (ms: number | null | undefined): Date | null =>
  typeof ms === "number" && Number.isFinite(ms) ? new Date(ms) : null;

/**
 * A Retell webhook (or get-call response wrapped as `call_ended`/`call_analyzed`) in domain terms;
 * null for events the dialer does not act on (transcript and transfer updates).
 */
export function retellToCallReport(
  payload: RetellWebhook,
  { provider = "retell", receivedAt }: { provider?: VoiceProviderName; receivedAt: Date },
): CallReport | null {
  const event = EVENT[payload.event];
  if (!event) return null;
  const call = payload.call;
  const metaCallId = call.metadata?.call_id;
  const startedAt = msDate(call.start_timestamp);
  const endedAt = msDate(call.end_timestamp);
  const report: CallReport = {
    provider,
    providerCallId: call.call_id,
    callId: typeof metaCallId === "string" ? metaCallId : null,
    event,
    at: event === "started" ? (startedAt ?? receivedAt) : (endedAt ?? receivedAt),
    startedAt,
  };
  if (event === "started") return report;
  report.result = resultForDisconnection(call.disconnection_reason);
  report.providerReason = call.disconnection_reason ?? undefined;
  report.endedAt = endedAt;
  report.durationSeconds =
    typeof call.duration_ms === "number"
      ? Math.round(call.duration_ms / 1000)
      : startedAt && endedAt
        ? Math.round((endedAt.getTime() - startedAt.getTime()) / 1000)
        : null;
  report.costCents =
    typeof call.call_cost?.combined_cost === "number" ? Math.round(call.call_cost.combined_cost) : null;
  report.transcript = call.transcript ?? null;
  report.transcriptTurns = transcriptTurns(call.transcript_object);
  report.agentId = call.agent_id ?? null;
  report.recordingUrl = call.recording_url ?? null;
  if (event === "analyzed" && call.call_analysis) {
    const analysis = call.call_analysis;
    const { outcome, callbackAt } = outcomeFromAnalysis(analysis.custom_analysis_data);
    report.outcome = outcome;
    report.callbackAt = callbackAt;
    report.summary = analysis.call_summary ?? null;
    report.analysis = analysis as Record<string, unknown>;
    if (analysis.in_voicemail === true && report.result === "answered") report.result = "voicemail";
  }
  return report;
}
