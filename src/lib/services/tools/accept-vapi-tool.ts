import type { Database } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { readVapiToolRequest, type VapiAuthHeaders } from "@/lib/integrations/voice/inbound";
import { logger } from "@/lib/logger";
import { assertVapiSecretMayActFor, authenticateVapiRequest } from "../webhooks/accept-vapi-event";
import { findCallForEvent } from "../webhooks/webhook-store";
import type { RunTool } from "./types";

/** One entry of Vapi's `tool-calls` answer (SDK `ToolCallResult`): result or error, one line each. */
export type VapiToolResult =
  | { toolCallId: string; name: string; result: string }
  | { toolCallId: string; name: string; error: string };

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

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
  const request = readVapiToolRequest(body);
  const { providerCallId } = request;
  const ours = providerCallId ? await findCallForEvent(db, request) : null;
  assertVapiSecretMayActFor(secret, ours);
  // The tools get our call as found and authorized here, by id: never a second lookup by Vapi's
  // call id, which could land on another organization's call when the metadata names no call.
  if (!ours) {
    return {
      results: request.calls.map(({ id, name }) => ({
        toolCallId: id ?? "",
        name,
        error: "This call is not one of ours; the tool cannot be used.",
      })),
    };
  }

  const results: VapiToolResult[] = [];
  for (const call of request.calls) {
    const { name } = call;
    const toolCallId = call.id ?? "";
    if (!call.args.ok) {
      results.push({ toolCallId, name, error: call.args.error });
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
        args: call.args.value,
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
