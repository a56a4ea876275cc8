import { fileURLToPath } from "node:url";
import type { Vapi } from "@vapi-ai/server-sdk";
import { loadPrompts, type Prompts } from "@/lib/agent-config/prompts";
import type { RenderContext } from "@/lib/agent-config/render";
import { vapiTools } from "./tools";

/**
 * The Vapi assistant, as reviewed code. `npm run vapi:publish` renders it for an environment and
 * creates or updates it (docs/agents.md). Prompts live in ./prompts and are shared with Retell.
 */

export const PROMPTS_DIR = fileURLToPath(new URL("./prompts/", import.meta.url));

export const CALL_OUTCOMES = ["booked", "not_interested", "callback", "do_not_call", "unknown"] as const;

export function vapiAssistant(
  ctx: RenderContext,
  prompts: Prompts = loadPrompts(PROMPTS_DIR),
): Vapi.CreateAssistantDto {
  return {
    name: "Dialer outbound agent",
    model: {
      provider: "openai",
      model: "gpt-4.1",
      temperature: 0.3,
      messages: [{ role: "system", content: prompts.system }],
      tools: vapiTools(ctx),
    },
    voice: { provider: "vapi", voiceId: "Elliot" },
    firstMessage: prompts.firstMessage,
    firstMessageMode: "assistant-speaks-first",
    endCallMessage: prompts.endOfCall,
    // Said when voicemail is detected: business name and a number that takes DNC requests (47 CFR 64.1200(b)).
    voicemailMessage: prompts.voicemail,
    voicemailDetection: { provider: "vapi" },
    // Vapi's default is 600 s; a booking call rarely needs more than ten minutes either way.
    maxDurationSeconds: 600,
    serverMessages: ["status-update", "end-of-call-report", "tool-calls"],
    server: {
      url: `${ctx.appUrl}/api/webhooks/vapi`,
      timeoutSeconds: 20,
      ...(ctx.vapiCredentialId ? { credentialId: ctx.vapiCredentialId } : {}),
    },
    analysisPlan: {
      summaryPlan: { enabled: true },
      structuredDataPlan: {
        enabled: true,
        schema: {
          type: "object",
          properties: {
            outcome: {
              type: "string",
              enum: [...CALL_OUTCOMES],
              description:
                "booked: a meeting was booked; not_interested: declined; callback: asked to be called later; do_not_call: asked not to be called again; unknown: none of these.",
            },
            callback_at: {
              type: "string",
              format: "date-time",
              description:
                "When the person asked to be called back (ISO 8601 with offset), only for callback.",
            },
          },
          required: ["outcome"],
        },
      },
    },
    metadata: { managedBy: "vapi:publish", environment: ctx.environment },
  };
}
