import { outcomeFromFields } from "../outcome-fields";
import type { CallReport, VoiceProviderName } from "../types";
import { resultForEndedReason } from "./ended-reason";
import {
  type VapiCall,
  type VapiEndOfCallReport,
  type VapiServerMessage,
  vapiMetadata,
} from "./server-message-schema";

type Turn = { role: "agent" | "user"; text: string };

/** Vapi's artifact messages as turns: `bot`/`assistant` is our agent; system and tool messages are left out. */
function transcriptTurns(messages: { role: string; message?: unknown }[] | null | undefined): Turn[] | null {
  if (!messages?.length) return null;
  const turns: Turn[] = [];
  for (const m of messages) {
    const text = typeof m.message === "string" ? m.message.trim() : "";
    if (!text) continue;
    if (m.role === "bot" || m.role === "assistant") turns.push({ role: "agent", text });
    else if (m.role === "user") turns.push({ role: "user", text });
  }
  return turns.length ? turns : null;
}

const isoDate = (v: string | null | undefined): Date | null => {
  if (!v) return null;
  const d = new Date(v);
  return Number.isFinite(d.getTime()) ? d : null;
};

const msDate = (ms: number | null | undefined): Date | null =>
  typeof ms === "number" && Number.isFinite(ms) ? new Date(ms) : null;

function base(call: VapiCall, metadata: Record<string, unknown>, provider: VoiceProviderName) {
  return {
    provider,
    providerCallId: call.id,
    callId: typeof metadata.call_id === "string" ? metadata.call_id : null,
  };
}

/** An end-of-call report (or an ended call from GET /call/:id) as an analyzed report. */
function endReport(
  m: VapiEndOfCallReport,
  metadata: Record<string, unknown>,
  provider: VoiceProviderName,
  receivedAt: Date,
): CallReport {
  const call = m.call;
  const startedAt = isoDate(m.startedAt ?? call.startedAt);
  const endedAt = isoDate(m.endedAt ?? call.endedAt);
  const reason = m.endedReason ?? call.endedReason ?? undefined;
  const artifact = m.artifact ?? call.artifact;
  const analysis = m.analysis ?? call.analysis;
  const cost = m.cost ?? call.cost;
  const { outcome, callbackAt } = outcomeFromFields(analysis?.structuredData);
  const hasAnalysis = Boolean(
    analysis && (analysis.summary || analysis.structuredData || analysis.successEvaluation != null),
  );
  return {
    ...base(call, metadata, provider),
    // "Sent when the call ends and post-processing is complete": the analysis is final.
    event: "analyzed",
    at: endedAt ?? msDate(m.timestamp) ?? receivedAt,
    result: resultForEndedReason(reason),
    providerReason: reason,
    outcome,
    callbackAt,
    startedAt,
    endedAt,
    durationSeconds:
      startedAt && endedAt ? Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 1000)) : null,
    // Vapi reports US dollars.
    costCents: typeof cost === "number" && Number.isFinite(cost) ? Math.round(cost * 100) : null,
    summary: analysis?.summary ?? null,
    transcript: artifact?.transcript ?? null,
    transcriptTurns: transcriptTurns(artifact?.messages),
    agentId: call.assistantId ?? null,
    recordingUrl:
      artifact?.recordingUrl ??
      artifact?.recording?.mono?.combinedUrl ??
      artifact?.stereoRecordingUrl ??
      null,
    analysis: hasAnalysis && analysis ? (analysis as Record<string, unknown>) : null,
  };
}

/**
 * A Vapi server message in domain terms; null for messages the dialer does not act on. An
 * `in-progress` status starts the call; the end-of-call report ends it, with its analysis.
 * Not acted on: statuses before the call connects (`scheduled`, `queued`, `ringing`: a call
 * nobody answers has no start), `forwarding`, every other message type, and the `ended` status:
 * it carries no cost, recording or transcript, and the outcome service records those only while
 * ending the call, so an `ended` status applied first would leave them empty for good. The
 * report follows it within seconds; if it never comes, the reconciler's get-call reads the call.
 */
export function vapiToCallReport(
  message: VapiServerMessage,
  { provider = "vapi", receivedAt }: { provider?: VoiceProviderName; receivedAt: Date },
): CallReport | null {
  if (message.type === "end-of-call-report") {
    return endReport(message, vapiMetadata(message), provider, receivedAt);
  }
  if (message.type !== "status-update" || message.status !== "in-progress") return null;
  const call = message.call;
  const startedAt = isoDate(call.startedAt) ?? msDate(message.timestamp) ?? receivedAt;
  return { ...base(call, vapiMetadata(message), provider), event: "started", at: startedAt, startedAt };
}

/** A call from GET /call/:id as the end-of-call report it stands for (the reconciler's view). */
export function vapiCallAsEndReport(call: VapiCall): VapiEndOfCallReport {
  return { type: "end-of-call-report", endedReason: call.endedReason, call };
}

/** Whether a fetched call carries its analysis yet (Vapi analyses after the call ends). */
export function vapiCallAnalyzed(call: VapiCall): boolean {
  const a = call.analysis;
  return Boolean(a && (a.summary || a.structuredData || a.successEvaluation != null));
}
