import type { Database } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { vapiMetadata } from "@/lib/integrations/voice/vapi/server-message-schema";
import type { VapiAuthHeaders } from "@/lib/integrations/voice/vapi/verify-request";
import { logger } from "@/lib/logger";
import {
  assertVapiSecretMayActFor,
  authenticateVapiRequest,
  parseVapiBody,
} from "../webhooks/accept-vapi-event";
import { findCallForEvent } from "../webhooks/webhook-store";
import type { RunTool } from "./types";

/** One entry of Vapi's `tool-calls` answer (SDK `ToolCallResult`): result or error, one line each. */
export type VapiToolResult =
  | { toolCallId: string; name: string; result: string }
  | { toolCallId: string; name: string; error: string };

type ToolCallEntry = { id: string; name: string; args: Record<string, unknown> | string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * A tool call in any of the shapes Vapi has used (providers.md 2.6): the SDK's
 * `{ id, function: { name, arguments: "<json>" } }`, the docs' `arguments` as an object, or
 * `{ id, name, parameters }`. Arguments that are not valid JSON come back as the error text.
 */
function readToolCall(raw: unknown): ToolCallEntry | null {
  if (!isObject(raw) || typeof raw.id !== "string" || !raw.id) return null;
  const fn = isObject(raw.function) ? raw.function : {};
  const name = typeof fn.name === "string" ? fn.name : typeof raw.name === "string" ? raw.name : "";
  const rawArgs = fn.arguments ?? raw.parameters ?? raw.arguments ?? {};
  let args: unknown = rawArgs;
  if (typeof rawArgs === "string") {
    try {
      args = rawArgs.trim() ? JSON.parse(rawArgs) : {};
    } catch {
      return { id: raw.id, name: name.trim(), args: "The tool arguments were not valid JSON." };
    }
  }
  if (!isObject(args))
    return { id: raw.id, name: name.trim(), args: "The tool arguments must be an object." };
  return { id: raw.id, name: name.trim(), args };
}

/**
 * A Vapi `tool-calls` request: authenticated exactly like the webhooks (401, nothing done), then
 * each call of `toolCallList` (or `toolWithToolCallList[].toolCall`) run in order through the
 * shared in-call tools. Always answers every `toolCallId` with a single-line `result` or `error`
 * (Vapi ignores non-200 answers), so the agent can say what happened and go on.
 */
export async function acceptVapiTool({
  db,
  rawBody,
  headers,
  environmentSecret,
  now,
  runTool,
}: {
  db: Database;
  rawBody: string;
  headers: VapiAuthHeaders;
  environmentSecret: string | undefined;
  now: Date;
  runTool: RunTool;
}): Promise<{ results: VapiToolResult[] }> {
  const { secret, body } = await authenticateVapiRequest({ db, rawBody, headers, environmentSecret, now });
  if (body === null) throw new AppError("validation", "The body is not JSON.");
  const message = parseVapiBody(body);
  if (message.type !== "tool-calls") {
    throw new AppError("validation", "The tools endpoint takes Vapi `tool-calls` messages only.");
  }
  const listed = message.toolCallList?.length
    ? message.toolCallList
    : (message.toolWithToolCallList ?? []).map((t) => (isObject(t) ? t.toolCall : null));
  const calls = listed.map(readToolCall).filter((c): c is ToolCallEntry => c !== null);
  if (calls.length === 0) throw new AppError("validation", "A Vapi tool-calls message needs `toolCallList`.");

  const providerCallId = message.call?.id ?? "";
  const metaCallId = vapiMetadata(message).call_id;
  const ours = providerCallId
    ? await findCallForEvent(db, {
        callId: typeof metaCallId === "string" ? metaCallId : null,
        provider: "vapi",
        providerCallId,
      })
    : null;
  assertVapiSecretMayActFor(secret, ours);
  // The tools get our call as found and authorized here, by id: never a second lookup by Vapi's
  // call id, which could land on another organization's call when the metadata names no call.
  if (!ours) {
    return {
      results: calls.map(({ id: toolCallId, name }) => ({
        toolCallId,
        name,
        error: "This call is not one of ours; the tool cannot be used.",
      })),
    };
  }

  const results: VapiToolResult[] = [];
  for (const call of calls) {
    const { id: toolCallId, name } = call;
    if (typeof call.args === "string") {
      results.push({ toolCallId, name, error: call.args });
      continue;
    }
    try {
      const response = await runTool({
        db,
        now,
        provider: "vapi",
        providerCallId,
        callId: ours.id,
        name,
        args: call.args,
      });
      results.push(
        response.ok
          ? { toolCallId, name, result: oneLine(response.result) }
          : { toolCallId, name, error: oneLine(response.error) },
      );
    } catch (error) {
      logger.error("vapi tool failed", {
        tool: name,
        callId: ours.id,
        error: error instanceof Error ? error.message : "unknown",
      });
      results.push({
        toolCallId,
        name,
        error: "That did not work on our side. Please offer to follow up after the call.",
      });
    }
  }
  return { results };
}
