import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { publishRetell } from "@/lib/agent-config/publish-retell";
import { publishVapi } from "@/lib/agent-config/publish-vapi";
import { AgentConfigError } from "@/lib/agent-config/render";
import { retellAgent } from "../../retell/agent";
import { retellLlm } from "../../retell/llm";
import { vapiAssistant } from "../../vapi/assistant";
import { type RetellConfigFake, startRetellConfigFake } from "../fakes/retell-config-fake";
import { startVapiConfigFake, type VapiConfigFake } from "../fakes/vapi-config-fake";

const APP_URL = "https://dialer.example.com";
const writes = <R extends { method: string }>(fake: { requests: R[] }) =>
  fake.requests.filter((r) => r.method !== "GET");

let dir: string;
let lines: string[];
const log = (line: string) => lines.push(line);

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "agent-publish-"));
  lines = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("vapi:publish against the Vapi contract fake", () => {
  let vapi: VapiConfigFake;
  beforeAll(async () => {
    vapi = await startVapiConfigFake();
  });
  afterAll(async () => {
    await vapi.close();
  });

  const run = (argv: string[], envOverrides: Record<string, string | undefined> = {}) =>
    publishVapi({
      argv,
      env: { APP_URL, VAPI_API_KEY: vapi.apiKey, VAPI_BASE_URL: vapi.url, ...envOverrides },
      stateDir: dir,
      build: (ctx) => vapiAssistant(ctx),
      log,
    });

  it("dry run writes nothing, apply creates, a second apply updates the same assistant, then nothing is left to do", async () => {
    const before = vapi.requests.length;
    const [dry] = await run([]);
    expect(dry?.action).toBe("create");
    expect(vapi.requests.length).toBe(before); // no state yet: not even a read
    expect(lines.join("\n")).toContain("+ firstMessage:");
    expect(lines.join("\n")).toContain("Dry run: nothing was written");
    await expect(readFile(path.join(dir, "development.json"), "utf8")).rejects.toThrow();

    const [created] = await run(["--apply", "--credential-id", "cred-123"]);
    expect(created?.applied).toBe(true);
    const state = JSON.parse(await readFile(path.join(dir, "development.json"), "utf8"));
    expect(state).toEqual({ assistantId: created?.id, credentialId: "cred-123" });
    expect(vapi.assistants.size).toBe(1);

    // What was sent: the rendered config with this environment's URLs and the compliance rules.
    const sent = writes(vapi).at(-1)?.body as ReturnType<typeof vapiAssistant>;
    expect(sent.server).toEqual({
      url: `${APP_URL}/api/webhooks/vapi`,
      timeoutSeconds: 20,
      credentialId: "cred-123",
    });
    expect(sent.serverMessages).toEqual(["status-update", "end-of-call-report", "tool-calls"]);
    expect(sent.firstMessage).toMatch(
      /^Hi \{\{first_name\}\}, this is an automated assistant calling from \{\{business_name\}\}/,
    );
    expect(sent.voicemailMessage).toContain("{{business_name}}");
    expect(sent.voicemailMessage).toContain("{{callback_number}}");
    const model = sent.model as unknown as {
      messages: { content: string }[];
      tools: Record<string, unknown>[];
    };
    const system = model.messages[0]?.content ?? "";
    expect(system).toContain("{{callback_number}}");
    expect(system).toMatch(/stop calling me[\s\S]*call `mark_do_not_call` right away[\s\S]*end the call/);
    const functions = model.tools.filter((t) => t.type === "function") as {
      function: { name: string; parameters: { properties: object; required?: string[] } };
      server: { url: string };
    }[];
    expect(functions.map((t) => t.function.name).sort()).toEqual([
      "book_appointment",
      "check_availability",
      "mark_do_not_call",
      "schedule_callback",
    ]);
    for (const t of functions) expect(t.server.url).toBe(`${APP_URL}/api/tools/vapi`);
    const book = functions.find((t) => t.function.name === "book_appointment");
    expect(book?.function.parameters.required).toEqual(["start"]);
    expect(Object.keys(book?.function.parameters.properties ?? {}).sort()).toEqual([
      "email",
      "name",
      "notes",
      "start",
    ]);
    expect(model.tools.some((t) => t.type === "endCall")).toBe(true);
    const structured = sent.analysisPlan?.structuredDataPlan?.schema?.properties;
    expect(structured?.outcome?.enum).toEqual([
      "booked",
      "not_interested",
      "callback",
      "do_not_call",
      "unknown",
    ]);
    expect(structured?.callback_at?.type).toBe("string");

    // A changed APP_URL is a change to the same assistant (found through the state file).
    lines = [];
    const writesBefore = writes(vapi).length;
    const [dryUpdate] = await run([], { APP_URL: "https://calls.example.org" });
    expect(dryUpdate?.action).toBe("update");
    expect(writes(vapi).length).toBe(writesBefore);
    expect(lines.join("\n")).toContain(
      '~ server.url: "https://dialer.example.com/api/webhooks/vapi" -> "https://calls.example.org/api/webhooks/vapi"',
    );

    const [updated] = await run(["--apply"], { APP_URL: "https://calls.example.org" });
    expect(updated).toMatchObject({ action: "update", id: created?.id, applied: true });
    expect(writes(vapi).at(-1)).toMatchObject({ method: "PATCH", path: `/assistant/${created?.id}` });
    expect(vapi.assistants.size).toBe(1);
    // The credential id came from the state file, not the command line.
    expect(
      (vapi.assistants.get(created?.id as string)?.server as { credentialId?: string } | undefined)
        ?.credentialId,
    ).toBe("cred-123");

    lines = [];
    const writesAfter = writes(vapi).length;
    const [again] = await run([], { APP_URL: "https://calls.example.org" });
    expect(again?.action).toBe("unchanged");
    expect(writes(vapi).length).toBe(writesAfter);
    expect(lines.join("\n")).toContain("up to date");
    expect(vapi.violations).toEqual([]);
  });

  it("shows an edited prompt as a line diff", async () => {
    await run(["--apply", "--env", "staging"]);
    lines = [];
    const [dry] = await publishVapi({
      argv: ["--env", "staging"],
      env: { APP_URL, VAPI_API_KEY: vapi.apiKey, VAPI_BASE_URL: vapi.url },
      stateDir: dir,
      build: (ctx) => {
        const a = vapiAssistant(ctx);
        const model = a.model as { messages: { role: "system"; content: string }[] };
        model.messages = [{ role: "system", content: `${model.messages[0]?.content}\nSpeak slowly.` }];
        return a;
      },
      log,
    });
    expect(dry?.changes.map((c) => c.path)).toEqual(["model.messages[0].content"]);
    expect(lines).toContain("      + Speak slowly.");
  });

  it("refuses without APP_URL or API key, and explains a stale id, writing nothing", async () => {
    const before = vapi.requests.length;
    const writesBefore = writes(vapi).length;
    await expect(run([], { APP_URL: undefined })).rejects.toThrow(/APP_URL is not set/);
    await expect(run([], { VAPI_API_KEY: undefined })).rejects.toThrow(/VAPI_API_KEY is not set/);
    await expect(run(["--bogus"])).rejects.toThrow(AgentConfigError);
    expect(vapi.requests.length).toBe(before);

    await writeFile(path.join(dir, "qa.json"), JSON.stringify({ assistantId: "gone" }));
    await expect(run(["--env", "qa", "--apply"])).rejects.toThrow(/does not exist at the provider/);
    await expect(run(["--env", "qa"], { VAPI_API_KEY: "wrong" })).rejects.toThrow(
      /rejected the API key \(401\)/,
    );
    expect(writes(vapi).length).toBe(writesBefore);
    vapi.violations.length = 0; // the wrong key above was a deliberate contract violation
  });
});

describe("retell:publish against the Retell contract fake", () => {
  let retell: RetellConfigFake;
  beforeAll(async () => {
    retell = await startRetellConfigFake();
  });
  afterAll(async () => {
    await retell.close();
  });

  const run = (argv: string[], appUrl = APP_URL) =>
    publishRetell({
      argv,
      env: { APP_URL: appUrl, RETELL_API_KEY: retell.apiKey, RETELL_BASE_URL: retell.url },
      stateDir: dir,
      buildLlm: (ctx) => retellLlm(ctx),
      buildAgent: (ctx, llmId) => retellAgent(ctx, llmId),
      log,
    });

  it("creates the LLM then the agent on it, updates both in place, then has nothing to do", async () => {
    const dry = await run([]);
    expect(dry.map((r) => r.action)).toEqual(["create", "create"]);
    expect(retell.requests.length).toBe(0);
    expect(lines.join("\n")).toContain("(the LLM created by --apply)");

    const [llm, agent] = await run(["--apply"]);
    expect(retell.llms.size).toBe(1);
    expect(retell.agents.size).toBe(1);
    const state = JSON.parse(await readFile(path.join(dir, "development.json"), "utf8"));
    expect(state).toEqual({ llmId: llm?.id, agentId: agent?.id });

    const sentLlm = retell.requests.find((r) => r.path === "/create-retell-llm")?.body as ReturnType<
      typeof retellLlm
    >;
    expect(sentLlm.begin_message).toMatch(/calling from \{\{business_name\}\}/);
    expect(sentLlm.general_prompt).toContain("{{callback_number}}");
    expect(sentLlm.general_prompt).toMatch(/stop calling me[\s\S]*call `mark_do_not_call` right away/);
    const custom = (sentLlm.general_tools ?? []).filter((t) => t.type === "custom") as {
      name: string;
      url: string;
    }[];
    expect(custom.map((t) => t.name).sort()).toEqual([
      "book_appointment",
      "check_availability",
      "mark_do_not_call",
      "schedule_callback",
    ]);
    for (const t of custom) expect(t.url).toBe(`${APP_URL}/api/tools/retell`);

    const sentAgent = retell.requests.find((r) => r.path === "/create-agent")?.body as ReturnType<
      typeof retellAgent
    >;
    expect(sentAgent.response_engine).toEqual({ type: "retell-llm", llm_id: llm?.id });
    expect(sentAgent.webhook_url).toBe(`${APP_URL}/api/webhooks/retell`);
    expect(sentAgent.post_call_analysis_data?.map((d) => d.name)).toEqual(["outcome", "callback_at"]);
    const voicemail = sentAgent.voicemail_option?.action as { text: string };
    expect(voicemail.text).toContain("{{callback_number}}");

    lines = [];
    const updated = await run(["--apply"], "https://calls.example.org");
    expect(updated.map((r) => [r.action, r.id])).toEqual([
      ["update", llm?.id],
      ["update", agent?.id],
    ]);
    expect(retell.llms.size).toBe(1);
    expect(retell.agents.size).toBe(1);
    expect(retell.agents.get(agent?.id as string)?.webhook_url).toBe(
      "https://calls.example.org/api/webhooks/retell",
    );

    lines = [];
    const count = retell.requests.length;
    const again = await run([], "https://calls.example.org");
    expect(again.map((r) => r.action)).toEqual(["unchanged", "unchanged"]);
    expect(retell.requests.slice(count).every((r) => r.method === "GET")).toBe(true);
    expect(retell.violations).toEqual([]);
  });
});
