import type { Database } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { retellFunctionCallSchema } from "@/lib/integrations/voice/retell/webhook-schema";
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
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("validation", "The body is not JSON.");
  }
  const parsed = retellFunctionCallSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("validation", "A Retell custom function request needs `name` and `call.call_id`.");
  }
  const { name, call, args: nested, ...atRoot } = parsed.data;
  const args = nested ?? atRoot;
  const providerCallId = call.call_id;
  const metadata = call.metadata ?? {};
  const provider = providerCallId.startsWith("sim_") ? "simulator" : "retell";
  const ours = await findCallForEvent(db, {
    callId: typeof metadata.call_id === "string" ? metadata.call_id : null,
    provider,
    providerCallId,
  });
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
