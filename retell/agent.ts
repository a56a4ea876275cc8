import type { AgentCreateParams } from "retell-sdk/resources/agent";
import { loadPrompts, type Prompts } from "@/lib/agent-config/prompts";
import type { RenderContext } from "@/lib/agent-config/render";
import { CALL_OUTCOMES, PROMPTS_DIR } from "../vapi/assistant";

/** The Retell voice agent around the LLM in ./llm.ts. Published by `npm run retell:publish`. */
export function retellAgent(
  ctx: RenderContext,
  llmId: string,
  prompts: Prompts = loadPrompts(PROMPTS_DIR),
): AgentCreateParams {
  return {
    agent_name: "Dialer outbound agent",
    response_engine: { type: "retell-llm", llm_id: llmId },
    voice_id: "retell-Cimo",
    language: "en-US",
    webhook_url: `${ctx.appUrl}/api/webhooks/retell`,
    webhook_events: ["call_started", "call_ended", "call_analyzed"],
    // Said when voicemail is detected: business name and a number that takes DNC requests (47 CFR 64.1200(b)).
    voicemail_option: { action: { type: "static_text", text: prompts.voicemail } },
    max_call_duration_ms: 600_000,
    // At least 15 s of ringing before giving up on an unanswered call (47 CFR 64.1200(a)(7)).
    ring_duration_ms: 30_000,
    end_call_after_silence_ms: 30_000,
    post_call_analysis_data: [
      {
        type: "enum",
        name: "outcome",
        description:
          "booked: a meeting was booked; not_interested: declined; callback: asked to be called later; do_not_call: asked not to be called again; unknown: none of these.",
        choices: [...CALL_OUTCOMES],
        required: true,
      },
      {
        type: "string",
        name: "callback_at",
        description:
          "When the person asked to be called back, as ISO 8601 with offset. Empty unless outcome is callback.",
        examples: ["2026-03-14T15:30:00-05:00"],
      },
    ],
  };
}
