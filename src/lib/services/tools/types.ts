import type { Database } from "@/lib/db/client";
import type { VoiceProviderName } from "@/lib/integrations/voice/types";

/**
 * In-call tools (docs/decisions/0004-voice-providers.md): the agent calls them during a conversation through the provider's
 * tool format (Retell custom functions, Vapi `tool-calls`). Each provider's route verifies the
 * request exactly as its webhooks are verified, translates it into a ToolRequest, and turns the
 * ToolResponse back into the provider's shape.
 */
export const TOOL_NAMES = [
  "check_availability",
  "book_appointment",
  "schedule_callback",
  "mark_do_not_call",
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export type ToolRequest = {
  db: Database;
  now: Date;
  provider: VoiceProviderName;
  providerCallId: string;
  /** Our call id from the call's metadata, when the provider echoed it. */
  callId: string | null;
  /** The tool's name as the agent sent it (unknown names get an error result, not a crash). */
  name: string;
  /** The arguments, already JSON-parsed (Vapi may send them as a string: parse before). */
  args: Record<string, unknown>;
};

/**
 * What the agent hears back: `result` on success, `error` when the tool could not do it (the
 * agent says so and moves on). Single-line text: Vapi requires it, Retell reads it as is.
 */
export type ToolResponse = { ok: true; result: string } | { ok: false; error: string };

export type RunTool = (request: ToolRequest) => Promise<ToolResponse>;
