import path from "node:path";
import { type Vapi, VapiClient, VapiError } from "@vapi-ai/server-sdk";
import type { ServerEnv } from "@/env";
import { describeProviderError, parsePublishArgs, publishResource, type StepResult } from "./publish";
import { AgentConfigError, type RenderContext, renderContext } from "./render";
import { readState, statePath, writeState } from "./state";

type VapiState = { assistantId: string; credentialId: string };

export type PublishVapiOptions = {
  argv: string[];
  env: Pick<ServerEnv, "APP_URL" | "VAPI_API_KEY" | "VAPI_BASE_URL">;
  /** Where `<env>.json` state files live (vapi/.state). */
  stateDir: string;
  /** The assistant config (vapi/assistant.ts). */
  build: (ctx: RenderContext) => Vapi.CreateAssistantDto;
  log: (line: string) => void;
};

const USAGE = `Usage: npm run vapi:publish -- [--env <name>] [--apply] [--credential-id <id>]
  Renders vapi/assistant.ts for APP_URL, compares it with the assistant in vapi/.state/<env>.json
  and prints the difference. --apply creates or updates it and records the id.
  --credential-id: the Vapi custom credential (HMAC with VAPI_WEBHOOK_SECRET) that signs webhooks
  and tool calls; remembered in the state file.`;

/** `npm run vapi:publish`: dry run by default, `--apply` to create or update the assistant. */
export async function publishVapi(opts: PublishVapiOptions): Promise<StepResult[]> {
  const args = parsePublishArgs(opts.argv, { credentialId: true });
  if (args.help) {
    opts.log(USAGE);
    return [];
  }
  const file = statePath(opts.stateDir, args.environment);
  const state = await readState<VapiState>(file);
  const credentialId = args.credentialId ?? state.credentialId;
  const ctx = renderContext({ environment: args.environment, env: opts.env, vapiCredentialId: credentialId });
  if (!opts.env.VAPI_API_KEY) {
    throw new AgentConfigError(
      "VAPI_API_KEY is not set: use the private API key of the Vapi account to publish to.",
    );
  }
  const desired = opts.build(ctx);
  const client = new VapiClient({
    token: opts.env.VAPI_API_KEY,
    ...(opts.env.VAPI_BASE_URL ? { baseUrl: opts.env.VAPI_BASE_URL } : {}),
  });
  opts.log(
    `Vapi, environment "${args.environment}" (${path.basename(file)}), ${args.apply ? "applying" : "dry run"}`,
  );
  if (!credentialId) {
    opts.log(
      "  ! No credential id: webhooks and tool calls will arrive unsigned and our routes will reject them. " +
        "Create an HMAC credential with VAPI_WEBHOOK_SECRET in the Vapi dashboard and pass --credential-id.",
    );
  }
  try {
    const result = await publishResource<Vapi.CreateAssistantDto>(
      {
        label: "Vapi assistant",
        id: state.assistantId,
        desired,
        stateFile: file,
        fetch: (id) => client.assistants.get({ id }),
        create: async (body) => (await client.assistants.create(body)).id,
        update: async (id, body) => {
          await client.assistants.update({ ...(body as Omit<Vapi.UpdateAssistantDto, "id">), id });
        },
        isNotFound: (e) => e instanceof VapiError && e.statusCode === 404,
      },
      args.apply,
      opts.log,
    );
    if (args.apply) await writeState(file, { assistantId: result.id, credentialId });
    if (!args.apply && result.action !== "unchanged")
      opts.log("Dry run: nothing was written. Run again with --apply.");
    return [result];
  } catch (error) {
    if (error instanceof AgentConfigError) throw error;
    throw new AgentConfigError(describeProviderError("Vapi", "VAPI_API_KEY", error));
  }
}
