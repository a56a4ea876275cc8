import { AppError } from "@/lib/errors";
import { describeIssues } from "../payload";
import type { InboundCallEvent, InboundToolRequest, VoiceProviderName } from "../types";
import { retellToCallReport } from "./transform";
import { retellFunctionCallSchema, retellWebhookSchema } from "./webhook-schema";

/** The simulator speaks Retell's format; its call ids say which one it was. */
const providerOf = (providerCallId: string): VoiceProviderName =>
  providerCallId.startsWith("sim_") ? "simulator" : "retell";

function parseJson(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody);
  } catch {
    throw new AppError("validation", "The body is not JSON.");
  }
}

/** A verified Retell(-format) webhook body (raw text or as stored) in domain terms; 422 otherwise. */
export function readRetellEvent(body: string | unknown, receivedAt: Date): InboundCallEvent {
  const parsed = retellWebhookSchema.safeParse(typeof body === "string" ? parseJson(body) : body);
  if (!parsed.success) {
    throw new AppError("validation", `Not a Retell webhook body (${describeIssues(parsed.error)}).`);
  }
  const payload = parsed.data;
  const providerCallId = payload.call.call_id;
  const provider = providerOf(providerCallId);
  const report = retellToCallReport(payload, { provider, receivedAt });
  const metaCallId = payload.call.metadata?.call_id;
  return {
    provider,
    providerCallId,
    callId: typeof metaCallId === "string" ? metaCallId : null,
    eventKey: `${providerCallId}:${payload.event}`,
    type: payload.event,
    report,
    payload,
  };
}

/**
 * A verified Retell custom-function request (`{ name, call, args }`, or the arguments at the root
 * when the tool has `args_at_root`) in domain terms; 422 otherwise.
 */
export function readRetellToolRequest(rawBody: string): InboundToolRequest {
  const parsed = retellFunctionCallSchema.safeParse(parseJson(rawBody));
  if (!parsed.success) {
    throw new AppError(
      "validation",
      `A Retell custom function request needs \`name\` and \`call.call_id\` (${describeIssues(parsed.error)}).`,
    );
  }
  const { name, call, args: nested, ...atRoot } = parsed.data;
  const metaCallId = call.metadata?.call_id;
  return {
    provider: providerOf(call.call_id),
    providerCallId: call.call_id,
    callId: typeof metaCallId === "string" ? metaCallId : null,
    calls: [{ id: null, name, args: { ok: true, value: nested ?? atRoot } }],
  };
}
