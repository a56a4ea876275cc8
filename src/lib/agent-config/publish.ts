import { type Change, diffConfig, formatChanges } from "./diff";
import { AgentConfigError } from "./render";

/**
 * One remote resource a publish run manages (Vapi assistant, Retell LLM, Retell agent): compare
 * the rendered config with what the provider holds, print the difference, and write only with
 * `apply`.
 */
export type ResourceStep<Body> = {
  /** e.g. "Vapi assistant" */
  label: string;
  /** The id from the state file; undefined: not created yet. */
  id: string | undefined;
  desired: Body;
  fetch(id: string): Promise<unknown>;
  create(body: Body): Promise<string>;
  update(id: string, body: Body): Promise<void>;
  isNotFound(error: unknown): boolean;
  /** Where the id came from, for the error when the provider no longer has it. */
  stateFile: string;
};

export type StepResult = {
  label: string;
  action: "create" | "update" | "unchanged";
  id: string | undefined;
  changes: Change[];
  applied: boolean;
};

export async function publishResource<Body>(
  step: ResourceStep<Body>,
  apply: boolean,
  log: (line: string) => void,
): Promise<StepResult> {
  if (!step.id) {
    const changes = diffConfig(step.desired, {});
    log(`${step.label}: not created yet${apply ? "; creating it" : "; --apply creates it"} with:`);
    for (const line of formatChanges(changes)) log(line);
    if (!apply) return { label: step.label, action: "create", id: undefined, changes, applied: false };
    const id = await step.create(step.desired);
    log(`${step.label}: created ${id}`);
    return { label: step.label, action: "create", id, changes, applied: true };
  }
  let remote: unknown;
  try {
    remote = await step.fetch(step.id);
  } catch (error) {
    if (step.isNotFound(error)) {
      throw new AgentConfigError(
        `${step.label} ${step.id} (from ${step.stateFile}) does not exist at the provider any more. ` +
          "Check that the API key belongs to the right account; to create a new one, delete the id from the state file.",
      );
    }
    throw error;
  }
  const changes = diffConfig(step.desired, remote);
  if (changes.length === 0) {
    log(`${step.label} ${step.id}: up to date`);
    return { label: step.label, action: "unchanged", id: step.id, changes, applied: false };
  }
  log(`${step.label} ${step.id}: ${changes.length} change${changes.length === 1 ? "" : "s"}`);
  for (const line of formatChanges(changes)) log(line);
  if (!apply) return { label: step.label, action: "update", id: step.id, changes, applied: false };
  await step.update(step.id, step.desired);
  log(`${step.label} ${step.id}: updated`);
  return { label: step.label, action: "update", id: step.id, changes, applied: true };
}

export type PublishArgs = { environment: string; apply: boolean; credentialId?: string; help: boolean };

/** `--env <name>` (default development), `--apply`, and for Vapi `--credential-id <id>`. */
export function parsePublishArgs(argv: string[], opts: { credentialId: boolean }): PublishArgs {
  const args: PublishArgs = { environment: "development", apply: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg];
    const value = () => {
      const v = inline ?? argv[++i];
      if (!v || v.startsWith("--")) throw new AgentConfigError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--apply") args.apply = true;
    else if (flag === "--env") args.environment = value();
    else if (flag === "--credential-id" && opts.credentialId) args.credentialId = value();
    else if (flag === "--help" || flag === "-h") args.help = true;
    else
      throw new AgentConfigError(
        `Unknown argument ${arg}. Use --env <name>, --apply${opts.credentialId ? ", --credential-id <id>" : ""}.`,
      );
  }
  return args;
}

/** A provider error in words, with the HTTP status and a hint for the usual causes. */
export function describeProviderError(provider: string, keyVar: string, error: unknown): string {
  const e = error as { statusCode?: number; status?: number; message?: string };
  const status = e.statusCode ?? e.status;
  if (status === 401 || status === 403)
    return `${provider} rejected the API key (${status}): check ${keyVar}.`;
  if (status === 400 || status === 422)
    return `${provider} rejected the configuration (${status}): ${e.message ?? ""}`;
  return `${provider} request failed${status ? ` (${status})` : ""}: ${e.message ?? String(error)}`;
}
