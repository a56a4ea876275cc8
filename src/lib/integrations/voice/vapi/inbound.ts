import { ZodError } from "zod";
import { AppError } from "@/lib/errors";
import { describeIssues } from "../payload";
import type { InboundCallEvent, InboundToolCall, InboundToolRequest } from "../types";
import { parseVapiServerMessage, type VapiServerMessage, vapiMetadata } from "./server-message-schema";
import { vapiToCallReport } from "./transform";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The organization a not-yet-authenticated body claims, only to pick which secret to try. */
export function claimedVapiOrgId(body: unknown): string | null {
  const message = isObject(body) ? body.message : null;
  if (!isObject(message)) return null;
  const orgId = vapiMetadata(message as Parameters<typeof vapiMetadata>[0]).org_id;
  return typeof orgId === "string" && UUID.test(orgId) ? orgId : null;
}

/** A parsed Vapi message, or 422 with where the body broke the documented shape. */
function parseVapiBody(body: unknown): VapiServerMessage {
  try {
    return parseVapiServerMessage(body);
  } catch (error) {
    if (error instanceof ZodError) {
      throw new AppError("validation", `Not a Vapi server message (${describeIssues(error)}).`);
    }
    throw error;
  }
}

/**
 * A verified Vapi server message in domain terms. `event` is null for the many messages that move
 * no call (speech-update, conversation-update, ringing, ...), which are acknowledged and not
 * stored. 422 for a body that is not a Vapi message.
 */
export function readVapiEvent(
  body: unknown,
  receivedAt: Date,
): { type: string; providerCallId: string | null; event: InboundCallEvent | null } {
  const message = parseVapiBody(body);
  const type = message.type === "other" ? message.rawType : message.type;
  const providerCallId = message.type === "other" ? null : (message.call?.id ?? null);
  if (message.type === "other" || message.type === "tool-calls") return { type, providerCallId, event: null };
  const report = vapiToCallReport(message, { receivedAt });
  if (!report) return { type, providerCallId, event: null };
  const status = message.type === "status-update" ? message.status : "";
  return {
    type,
    providerCallId: report.providerCallId,
    event: {
      provider: "vapi",
      providerCallId: report.providerCallId,
      callId: report.callId,
      eventKey: `${report.providerCallId}:${message.type}:${status}`,
      type: message.type,
      report,
      payload: body,
    },
  };
}

/**
 * A tool call in any of the shapes Vapi has used (providers.md 2.6): the SDK's
 * `{ id, function: { name, arguments: "<json>" } }`, the docs' `arguments` as an object, or
 * `{ id, name, parameters }`. Arguments that are not valid JSON come back as the error text.
 */
function readToolCall(raw: unknown): InboundToolCall | null {
  if (!isObject(raw) || typeof raw.id !== "string" || !raw.id) return null;
  const fn = isObject(raw.function) ? raw.function : {};
  const name = (typeof fn.name === "string" ? fn.name : typeof raw.name === "string" ? raw.name : "").trim();
  const rawArgs = fn.arguments ?? raw.parameters ?? raw.arguments ?? {};
  let args: unknown = rawArgs;
  if (typeof rawArgs === "string") {
    try {
      args = rawArgs.trim() ? JSON.parse(rawArgs) : {};
    } catch {
      return { id: raw.id, name, args: { ok: false, error: "The tool arguments were not valid JSON." } };
    }
  }
  if (!isObject(args)) {
    return { id: raw.id, name, args: { ok: false, error: "The tool arguments must be an object." } };
  }
  return { id: raw.id, name, args: { ok: true, value: args } };
}

/**
 * A verified Vapi `tool-calls` message in domain terms: each call of `toolCallList` (or
 * `toolWithToolCallList[].toolCall`). 422 for any other message or one without tool calls.
 */
export function readVapiToolRequest(body: unknown): InboundToolRequest {
  const message = parseVapiBody(body);
  if (message.type !== "tool-calls") {
    throw new AppError("validation", "The tools endpoint takes Vapi `tool-calls` messages only.");
  }
  const listed = message.toolCallList?.length
    ? message.toolCallList
    : (message.toolWithToolCallList ?? []).map((t) => (isObject(t) ? t.toolCall : null));
  const calls = listed.map(readToolCall).filter((c): c is InboundToolCall => c !== null);
  if (calls.length === 0) throw new AppError("validation", "A Vapi tool-calls message needs `toolCallList`.");
  const metaCallId = vapiMetadata(message).call_id;
  return {
    provider: "vapi",
    providerCallId: message.call?.id ?? "",
    callId: typeof metaCallId === "string" ? metaCallId : null,
    calls,
  };
}
