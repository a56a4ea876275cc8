import { z } from "zod";
import { callCost, epochMs } from "../payload";

/*
 * Vapi server messages, `POST { message: { type, call, ... } }` (providers.md 2.5-2.6;
 * @vapi-ai/server-sdk 2.0.1 `ServerMessageStatusUpdate`, `ServerMessageEndOfCallReport`,
 * `ServerMessageToolCalls`, `Call`, `Artifact`, `Analysis`). Only the fields we read are typed;
 * every other field passes through, so a new Vapi field never makes a delivery fail. Vapi sends
 * ISO strings for times, milliseconds for `timestamp`, and US dollars for costs.
 */

const text = z.string().nullish();
const record = z.record(z.string(), z.unknown()).nullish();

export const vapiArtifactSchema = z.looseObject({
  transcript: text,
  /** Turn by turn: `{ role: "user" | "bot" | "system" | "tool_calls" | "tool_call_result", message }`. */
  messages: z.array(z.looseObject({ role: z.string(), message: z.unknown().optional() })).nullish(),
  recordingUrl: text,
  stereoRecordingUrl: text,
  recording: z.looseObject({ mono: z.looseObject({ combinedUrl: text }).nullish() }).nullish(),
});

export const vapiAnalysisSchema = z.looseObject({
  summary: text,
  structuredData: record,
  // A string in the SDK ("true", "8", "Pass"); tolerated as a number or boolean too.
  successEvaluation: z.union([z.string(), z.number(), z.boolean()]).nullish(),
});

export const vapiCallSchema = z.looseObject({
  id: z.string().min(1),
  orgId: text,
  status: text,
  endedReason: text,
  startedAt: text,
  endedAt: text,
  // US dollars; ten thousand is past any single call.
  cost: callCost(10_000).nullish(),
  assistantId: text,
  phoneNumberId: text,
  /** Where our ids come back: we send them as `assistantOverrides.metadata`. */
  assistantOverrides: z.looseObject({ metadata: record }).nullish(),
  metadata: record,
  analysis: vapiAnalysisSchema.nullish(),
  artifact: vapiArtifactSchema.nullish(),
});

const assistantSchema = z.looseObject({ metadata: record }).nullish();

export const vapiStatusUpdateSchema = z.looseObject({
  type: z.literal("status-update"),
  status: z.string(),
  endedReason: text,
  timestamp: epochMs.nullish(),
  call: vapiCallSchema,
  assistant: assistantSchema,
});

export const vapiEndOfCallReportSchema = z.looseObject({
  type: z.literal("end-of-call-report"),
  endedReason: text,
  // US dollars; ten thousand is past any single call.
  cost: callCost(10_000).nullish(),
  artifact: vapiArtifactSchema.nullish(),
  analysis: vapiAnalysisSchema.nullish(),
  startedAt: text,
  endedAt: text,
  timestamp: epochMs.nullish(),
  call: vapiCallSchema,
  assistant: assistantSchema,
});

export const vapiToolCallsSchema = z.looseObject({
  type: z.literal("tool-calls"),
  // Shapes differ between the SDK and the docs (providers.md 2.6): read each entry defensively.
  toolCallList: z.array(z.unknown()).nullish(),
  toolWithToolCallList: z.array(z.unknown()).nullish(),
  timestamp: epochMs.nullish(),
  call: vapiCallSchema.nullish(),
  assistant: assistantSchema,
});

export type VapiCall = z.infer<typeof vapiCallSchema>;
export type VapiStatusUpdate = z.infer<typeof vapiStatusUpdateSchema>;
export type VapiEndOfCallReport = z.infer<typeof vapiEndOfCallReportSchema>;
export type VapiToolCalls = z.infer<typeof vapiToolCallsSchema>;

export type VapiServerMessage =
  | VapiStatusUpdate
  | VapiEndOfCallReport
  | VapiToolCalls
  /** Every other message type (speech-update, conversation-update, hang, ...): not acted on. */
  | { type: "other"; rawType: string };

const envelope = z.object({ message: z.looseObject({ type: z.string().min(1) }) });

/**
 * A server-URL body as one of the messages we handle, or `other` for the rest. Throws a ZodError
 * when the body is not a Vapi message or a handled type lacks what we need (e.g. `call.id`).
 */
export function parseVapiServerMessage(body: unknown): VapiServerMessage {
  const { message } = envelope.parse(body);
  switch (message.type) {
    case "status-update":
      return vapiStatusUpdateSchema.parse(message);
    case "end-of-call-report":
      return vapiEndOfCallReportSchema.parse(message);
    case "tool-calls":
      return vapiToolCallsSchema.parse(message);
    default:
      return { type: "other", rawType: message.type };
  }
}

/**
 * Our ids as Vapi echoes them: `call.assistantOverrides.metadata` (what we send), else the merged
 * `assistant.metadata`, else `call.metadata`. Unverified until the request is authenticated.
 */
export function vapiMetadata(message: {
  call?: VapiCall | null;
  assistant?: { metadata?: Record<string, unknown> | null } | null;
}): Record<string, unknown> {
  return {
    ...(message.call?.metadata ?? {}),
    ...(message.assistant?.metadata ?? {}),
    ...(message.call?.assistantOverrides?.metadata ?? {}),
  };
}
