import type { Database } from "@/lib/db/client";
import { readRetellToolRequest } from "@/lib/integrations/voice/inbound";
import { logger } from "@/lib/logger";
import {
  assertKeyMayActFor,
  authenticateRetellRequest,
  type RetellServerKeys,
} from "../webhooks/accept-retell-event";
import { describeFailure, findCallForEvent } from "../webhooks/webhook-store";
import type { RunTool } from "./types";

/** What Retell hands to the LLM: the tool's result, or why it could not be done. */
export type RetellToolAnswer = { result: string } | { error: string };

/**
 * A Retell custom-function request (`{ name, call, args }`, or the args at the root when the tool
 * has `args_at_root`): verified exactly like the webhooks (401, nothing done), then run through
 * the shared in-call tools. The answer is always one line of text for the agent; a tool that
 * fails answers `{ error }` instead of an HTTP error, so the agent can say so and go on.
 */
export async function acceptRetellTool({
  db,
  rawBody,
  signature,
  keys,
  now,
  runTool,
}: {
  db: Database;
  rawBody: string;
  signature: string | null;
  keys: RetellServerKeys;
  now: Date;
  runTool: RunTool;
}): Promise<RetellToolAnswer> {
  const key = await authenticateRetellRequest({ db, rawBody, signature, keys });
  const request = readRetellToolRequest(rawBody);
  const { provider, providerCallId } = request;
  const [tool] = request.calls;
  if (!tool?.args.ok) throw new Error("A Retell tool request always reads as one call with its arguments.");
  const { name } = tool;
  const args = tool.args.value;
  const ours = await findCallForEvent(db, request);
  assertKeyMayActFor(key, ours);
  // The tools get our call as found and authorized here, by id: never a second lookup that could
  // land on another organization's call.
  if (!ours) return { error: "This call is not one of ours; the tool cannot be used." };

  try {
    const response = await runTool({
      db,
      now,
      provider,
      providerCallId,
      callId: ours.id,
      name,
      args,
    });
    return response.ok ? { result: oneLine(response.result) } : { error: oneLine(response.error) };
  } catch (error) {
    logger.error("retell tool failed", {
      tool: name,
      callId: ours.id,
      error: describeFailure(error),
    });
    return { error: "That did not work on our side. Please offer to follow up after the call." };
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
