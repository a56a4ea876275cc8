/**
 * `npm run retell:publish -- [--env <name>] [--apply]`: renders retell/llm.ts and retell/agent.ts
 * for APP_URL, shows the difference from the LLM and agent at Retell and, with --apply, creates or
 * updates them (ids in retell/.state/<env>.json). See docs/agents.md.
 */
import path from "node:path";
import { retellAgent } from "../retell/agent";
import { retellLlm } from "../retell/llm";
import { env } from "../src/env";
import { publishRetell } from "../src/lib/agent-config/publish-retell";
import { AgentConfigError } from "../src/lib/agent-config/render";

try {
  await publishRetell({
    argv: process.argv.slice(2),
    env: env(),
    stateDir: path.resolve("retell/.state"),
    buildLlm: (ctx) => retellLlm(ctx),
    buildAgent: (ctx, llmId) => retellAgent(ctx, llmId),
    log: (line) => console.log(line),
  });
} catch (error) {
  if (!(error instanceof AgentConfigError)) throw error;
  console.error(`retell:publish: ${error.message}`);
  process.exitCode = 1;
}
