/**
 * `npm run vapi:publish -- [--env <name>] [--apply] [--credential-id <id>]`: renders vapi/assistant.ts
 * for APP_URL, shows the difference from the assistant at Vapi and, with --apply, creates or
 * updates it (ids in vapi/.state/<env>.json). See docs/agents.md.
 */
import path from "node:path";
import { env } from "../src/env";
import { publishVapi } from "../src/lib/agent-config/publish-vapi";
import { AgentConfigError } from "../src/lib/agent-config/render";
import { vapiAssistant } from "../vapi/assistant";

try {
  await publishVapi({
    argv: process.argv.slice(2),
    env: env(),
    stateDir: path.resolve("vapi/.state"),
    build: (ctx) => vapiAssistant(ctx),
    log: (line) => console.log(line),
  });
} catch (error) {
  if (!(error instanceof AgentConfigError)) throw error;
  console.error(`vapi:publish: ${error.message}`);
  process.exitCode = 1;
}
