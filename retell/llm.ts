import type { LlmCreateParams } from "retell-sdk/resources/llm";
import { loadPrompts, type Prompts } from "@/lib/agent-config/prompts";
import type { RenderContext } from "@/lib/agent-config/render";
import { PROMPTS_DIR } from "../vapi/assistant";
import { AGENT_TOOLS } from "../vapi/tools";

/**
 * The Retell LLM (response engine): the same prompts (vapi/prompts) and the same tools as the Vapi
 * assistant, so both providers' agents say and do the same thing. Published by `npm run retell:publish`.
 */
export function retellLlm(ctx: RenderContext, prompts: Prompts = loadPrompts(PROMPTS_DIR)): LlmCreateParams {
  return {
    model: "gpt-4.1",
    model_temperature: 0.3,
    start_speaker: "agent",
    begin_message: prompts.firstMessage,
    general_prompt: prompts.system,
    general_tools: [
      ...AGENT_TOOLS.map(
        (tool): LlmCreateParams.CustomTool => ({
          type: "custom",
          name: tool.name,
          description: tool.description,
          url: `${ctx.appUrl}/api/tools/retell`,
          method: "POST",
          parameters: tool.parameters,
          speak_during_execution: tool.name !== "mark_do_not_call",
          speak_after_execution: true,
          timeout_ms: 20_000,
          // Retries re-send the request; booking is idempotent per call, but a slow answer is better than two.
          max_retry: 0,
        }),
      ),
      {
        type: "end_call",
        name: "end_call",
        description:
          "Hangs up. Use it after the goodbye, and right after mark_do_not_call when the person asked not to be called.",
      },
    ],
  };
}
