import { readFileSync } from "node:fs";
import path from "node:path";
import { AgentConfigError, checkTemplates } from "./render";

/** The prompt files both providers' agents are built from (vapi/prompts/*.md). */
export type Prompts = {
  system: string;
  firstMessage: string;
  endOfCall: string;
  voicemail: string;
};

const FILES: Record<keyof Prompts, string> = {
  system: "system.md",
  firstMessage: "first-message.md",
  endOfCall: "end-of-call.md",
  voicemail: "voicemail.md",
};

/** Reads and checks the prompt files in `dir`; throws AgentConfigError listing every problem. */
export function loadPrompts(dir: string): Prompts {
  const prompts = {} as Prompts;
  const missing: string[] = [];
  for (const [key, file] of Object.entries(FILES) as [keyof Prompts, string][]) {
    try {
      prompts[key] = readFileSync(path.join(dir, file), "utf8").trim();
    } catch {
      missing.push(path.join(dir, file));
    }
  }
  if (missing.length > 0) throw new AgentConfigError(`Missing prompt file(s):\n  ${missing.join("\n  ")}`);
  const { errors } = checkTemplates({
    [FILES.system]: prompts.system,
    [FILES.firstMessage]: prompts.firstMessage,
    [FILES.endOfCall]: prompts.endOfCall,
    [FILES.voicemail]: prompts.voicemail,
  });
  if (errors.length > 0) throw new AgentConfigError(`Prompt problems:\n  ${errors.join("\n  ")}`);
  return prompts;
}
