import type { Vapi } from "@vapi-ai/server-sdk";
import type { RenderContext } from "@/lib/agent-config/render";
import type { ToolName } from "@/lib/services/tools/types";

/**
 * The in-call tools, one definition for both providers (retell/llm.ts reuses AGENT_TOOLS).
 * The parameters are what src/lib/services/tools/run-tool.ts reads: keep the two in step.
 */
export type AgentTool = {
  name: ToolName;
  description: string;
  parameters: {
    type: "object";
    properties: Record<string, { type: "string"; description: string }>;
    required?: string[];
  };
};

export const AGENT_TOOLS: AgentTool[] = [
  {
    name: "check_availability",
    description:
      "Lists open meeting times. Call it before offering any time. Without a date it returns the next open days.",
    parameters: {
      type: "object",
      properties: {
        date: { type: "string", description: "The day to check, YYYY-MM-DD, in the lead's time zone." },
      },
    },
  },
  {
    name: "book_appointment",
    description:
      "Books the meeting at a time check_availability returned, after the person has confirmed the day and time.",
    parameters: {
      type: "object",
      properties: {
        start: {
          type: "string",
          description:
            "Start of the meeting as YYYY-MM-DDTHH:mm (24-hour) in the lead's time zone: a date and time check_availability offered. ISO 8601 with an offset also works.",
        },
        name: { type: "string", description: "The person's full name." },
        email: { type: "string", description: "Where the confirmation goes." },
        notes: { type: "string", description: "Anything the person wants the meeting to cover." },
      },
      required: ["start"],
    },
  },
  {
    name: "schedule_callback",
    description: "Schedules a call back at the time the person asked for.",
    parameters: {
      type: "object",
      properties: {
        at: {
          type: "string",
          description: "When to call back: ISO 8601, or YYYY-MM-DDTHH:mm in the lead's time zone.",
        },
        reason: { type: "string", description: "Why they asked for a call back, in a few words." },
      },
      required: ["at"],
    },
  },
  {
    name: "mark_do_not_call",
    description:
      "Adds the person to the do-not-call list. Call it at once when they ask not to be called again, then say goodbye and end the call.",
    parameters: {
      type: "object",
      properties: {
        reason: { type: "string", description: "What the person said, in their words." },
      },
    },
  },
];

/** Vapi function tools, answered by our tool endpoint; plus endCall so the agent can hang up. */
export function vapiTools(ctx: RenderContext): Vapi.OpenAiModelToolsItem[] {
  const server: Vapi.Server = {
    url: `${ctx.appUrl}/api/tools/vapi`,
    timeoutSeconds: 20,
    ...(ctx.vapiCredentialId ? { credentialId: ctx.vapiCredentialId } : {}),
  };
  return [
    ...AGENT_TOOLS.map(
      (tool): Vapi.OpenAiModelToolsItem => ({
        type: "function",
        async: false,
        server,
        function: { name: tool.name, description: tool.description, parameters: tool.parameters },
      }),
    ),
    { type: "endCall" },
  ];
}
