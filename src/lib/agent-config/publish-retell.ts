import path from "node:path";
import Retell from "retell-sdk";
import type { AgentCreateParams } from "retell-sdk/resources/agent";
import type { LlmCreateParams } from "retell-sdk/resources/llm";
import type { ServerEnv } from "@/env";
import { describeProviderError, parsePublishArgs, publishResource, type StepResult } from "./publish";
import { AgentConfigError, type RenderContext, renderContext } from "./render";
import { readState, statePath, writeState } from "./state";

type RetellState = { llmId: string; agentId: string };

export type PublishRetellOptions = {
  argv: string[];
  env: Pick<ServerEnv, "APP_URL" | "RETELL_API_KEY" | "RETELL_BASE_URL">;
  /** Where `<env>.json` state files live (retell/.state). */
  stateDir: string;
  /** retell/llm.ts and retell/agent.ts. */
  buildLlm: (ctx: RenderContext) => LlmCreateParams;
  buildAgent: (ctx: RenderContext, llmId: string) => AgentCreateParams;
  log: (line: string) => void;
};

const USAGE = `Usage: npm run retell:publish -- [--env <name>] [--apply]
  Renders retell/llm.ts and retell/agent.ts for APP_URL, compares them with the LLM and agent in
  retell/.state/<env>.json and prints the difference. --apply creates or updates them and records the ids.`;

/** Shown in a dry run where the agent would point at an LLM that does not exist yet. */
const NEW_LLM = "(the LLM created by --apply)";

const isNotFound = (e: unknown) => e instanceof Retell.NotFoundError;

/** `npm run retell:publish`: the LLM first (the agent points at it), then the agent. */
export async function publishRetell(opts: PublishRetellOptions): Promise<StepResult[]> {
  const args = parsePublishArgs(opts.argv, { credentialId: false });
  if (args.help) {
    opts.log(USAGE);
    return [];
  }
  const file = statePath(opts.stateDir, args.environment);
  const state = await readState<RetellState>(file);
  const ctx = renderContext({ environment: args.environment, env: opts.env });
  if (!opts.env.RETELL_API_KEY) {
    throw new AgentConfigError(
      "RETELL_API_KEY is not set: use an API key of the Retell workspace to publish to.",
    );
  }
  // baseURL null, not undefined: the SDK would otherwise read RETELL_BASE_URL from process.env itself.
  const client = new Retell({ apiKey: opts.env.RETELL_API_KEY, baseURL: opts.env.RETELL_BASE_URL ?? null });
  opts.log(
    `Retell, environment "${args.environment}" (${path.basename(file)}), ${args.apply ? "applying" : "dry run"}`,
  );
  try {
    const llm = await publishResource<LlmCreateParams>(
      {
        label: "Retell LLM",
        id: state.llmId,
        desired: opts.buildLlm(ctx),
        stateFile: file,
        fetch: (id) => client.llm.retrieve(id),
        create: async (body) => (await client.llm.create(body)).llm_id,
        update: async (id, body) => {
          await client.llm.update(id, body);
        },
        isNotFound,
      },
      args.apply,
      opts.log,
    );
    // Record the LLM before the agent step, so a failure there does not orphan a created LLM.
    if (args.apply) await writeState(file, { ...state, llmId: llm.id });
    const agent = await publishResource<AgentCreateParams>(
      {
        label: "Retell agent",
        id: state.agentId,
        desired: opts.buildAgent(ctx, llm.id ?? NEW_LLM),
        stateFile: file,
        fetch: (id) => client.agent.retrieve(id),
        create: async (body) => (await client.agent.create(body)).agent_id,
        update: async (id, body) => {
          await client.agent.update(id, body);
        },
        isNotFound,
      },
      args.apply,
      opts.log,
    );
    if (args.apply) await writeState(file, { llmId: llm.id, agentId: agent.id });
    const pending = [llm, agent].some((r) => r.action !== "unchanged");
    if (!args.apply && pending) opts.log("Dry run: nothing was written. Run again with --apply.");
    return [llm, agent];
  } catch (error) {
    if (error instanceof AgentConfigError) throw error;
    throw new AgentConfigError(describeProviderError("Retell", "RETELL_API_KEY", error));
  }
}
