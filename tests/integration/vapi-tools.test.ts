import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/tools/vapi/route";
import { resetEnvCache } from "@/env";
import { encryptionKey, resetEncryptionKeyCache } from "@/lib/crypto/encryption-key";
import { seal } from "@/lib/crypto/secret-box";
import { setDbHandle } from "@/lib/db";
import { signVapiBody, type VapiAuthHeaders } from "@/lib/integrations/voice/vapi/verify-request";
import { credentialAad } from "@/lib/services/credentials/provider-credentials";
import { acceptVapiTool } from "@/lib/services/tools/accept-vapi-tool";
import type { RunTool, ToolRequest, ToolResponse } from "@/lib/services/tools/types";
import { insertCampaign, insertClaimedCall } from "../helpers/dialer-fixtures";
import { createOrgWithMembers } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/vapi");
// A Thursday afternoon in New York: every request below is signed and judged at this instant.
const NOW = new Date("2026-12-03T19:00:00Z");

/** A RunTool test double: records what it was asked and answers as told. */
function recordingRunTool(
  answer: (r: ToolRequest) => Promise<ToolResponse> = async (r) => ({ ok: true, result: `ran ${r.name}` }),
) {
  const requests: Omit<ToolRequest, "db">[] = [];
  const run: RunTool = async (request) => {
    const { db: _db, ...rest } = request;
    requests.push(rest);
    return answer(request);
  };
  return { run, requests };
}

const noHeaders: VapiAuthHeaders = {
  signature: null,
  timestamp: null,
  authorization: null,
  vapiSecret: null,
};

describe.each(testDbKinds())("Vapi tool-calls on %s", (kind) => {
  let db: TestDb;
  let orgId: string;
  let otherOrgId: string;
  let campaignId: string;
  const envSecret = `whsec_env_${randomBytes(12).toString("hex")}`;
  const orgSecret = `whsec_org_${randomBytes(12).toString("hex")}`;
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.VAPI_WEBHOOK_SECRET = envSecret;
    process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
    resetEnvCache();
    resetEncryptionKeyCache();
    db = await createTestDb(kind);
    setDbHandle(db);
    orgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
    otherOrgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
    campaignId = await insertCampaign(db, orgId, { voiceProvider: "vapi" });
    const key = encryptionKey();
    await db.query(
      `insert into public.provider_credentials
         (org_id, provider, api_key_ciphertext, api_key_hint, webhook_secret_ciphertext)
       values ($1, 'vapi', $2, 'abcd', $3)`,
      [
        otherOrgId,
        seal("vapi_org_private_key", key, credentialAad(otherOrgId, "vapi", "api_key")),
        seal(orgSecret, key, credentialAad(otherOrgId, "vapi", "webhook_secret")),
      ],
    );
  });
  afterAll(async () => {
    setDbHandle(undefined);
    process.env = saved;
    resetEnvCache();
    resetEncryptionKeyCache();
    await db.destroy();
  });

  /** A live Vapi call of one of our leads. */
  const liveCall = async (org = orgId, campaign = campaignId) => {
    const c = await insertClaimedCall(db, { orgId: org, campaignId: campaign, status: "live", now: NOW });
    const providerCallId = randomUUID();
    await db.query("update public.calls set provider = 'vapi', provider_call_id = $1 where id = $2", [
      providerCallId,
      c.callId,
    ]);
    return { ...c, providerCallId, orgId: org };
  };
  /** A documented tool-calls body from tests/fixtures/vapi, addressed to a call. */
  const toolBody = (
    fixture: string,
    c: { providerCallId: string; callId: string; orgId: string },
    edit?: (message: Record<string, unknown> & { toolCallList: Record<string, unknown>[] }) => void,
  ) => {
    const body = JSON.parse(readFileSync(path.join(FIXTURES, `${fixture}.json`), "utf8"));
    const metadata = { call_id: c.callId, org_id: c.orgId };
    body.message.call.id = c.providerCallId;
    body.message.call.assistantOverrides = { metadata };
    body.message.assistant.metadata = metadata;
    edit?.(body.message);
    return JSON.stringify(body);
  };
  const hmac = (rawBody: string, secret = envSecret, at = NOW): VapiAuthHeaders => {
    const { signature, timestamp } = signVapiBody(rawBody, secret, at);
    return { ...noHeaders, signature, timestamp };
  };
  const accept = (rawBody: string, headers: VapiAuthHeaders, runTool: RunTool) =>
    acceptVapiTool({ db: db.db, rawBody, headers, environmentSecret: envSecret, now: NOW, runTool });

  it("runs the SDK shape (arguments as a JSON string) with our call and answers by toolCallId", async () => {
    const c = await liveCall();
    const tool = recordingRunTool(async () => ({
      ok: true,
      result: "Open slots:\n- Fri 10:00\n- Fri 11:00",
    }));
    const body = toolBody("tool-calls", c);
    expect(await accept(body, hmac(body), tool.run)).toEqual({
      results: [
        {
          toolCallId: "call_Ab12",
          name: "check_availability",
          result: "Open slots: - Fri 10:00 - Fri 11:00",
        },
      ],
    });
    expect(tool.requests).toEqual([
      {
        now: expect.any(Date),
        provider: "vapi",
        providerCallId: c.providerCallId,
        callId: c.callId,
        name: "check_availability",
        args: { date: "2026-12-04" },
      },
    ]);
  });

  it("runs the docs' shapes in order: arguments as an object, and { id, name, parameters }", async () => {
    const c = await liveCall();
    const tool = recordingRunTool();
    const body = toolBody("tool-calls-docs-shapes", c);
    const answer = await accept(body, hmac(body), tool.run);
    expect(answer.results).toEqual([
      { toolCallId: "call_Obj1", name: "book_appointment", result: "ran book_appointment" },
      { toolCallId: "call_Par2", name: "schedule_callback", result: "ran schedule_callback" },
    ]);
    expect(tool.requests.map((r) => [r.name, r.args])).toEqual([
      ["book_appointment", { start: "2026-12-04T15:00:00Z", email: "ada@example.com" }],
      ["schedule_callback", { callback_at: "2026-12-05T15:00:00Z" }],
    ]);
  });

  it("toolWithToolCallList is read when toolCallList is absent", async () => {
    const c = await liveCall();
    const tool = recordingRunTool();
    const body = toolBody("tool-calls", c, (m) => {
      delete (m as Record<string, unknown>).toolCallList;
    });
    expect((await accept(body, hmac(body), tool.run)).results).toEqual([
      { toolCallId: "call_Ab12", name: "check_availability", result: "ran check_availability" },
    ]);
  });

  it("bad arguments, a tool that cannot do it and a tool that throws each answer a one-line error", async () => {
    const c = await liveCall();
    const tool = recordingRunTool(async (r) => {
      if (r.name === "book_appointment") return { ok: false, error: "That slot is taken.\nOffer another." };
      throw new Error("database on fire");
    });
    const body = toolBody("tool-calls", c, (m) => {
      m.toolCallList = [
        { id: "t1", type: "function", function: { name: "check_availability", arguments: "{not json" } },
        { id: "t2", type: "function", function: { name: "book_appointment", arguments: "{}" } },
        {
          id: "t3",
          type: "function",
          function: { name: "mark_do_not_call", arguments: { reason: "asked" } },
        },
      ];
    });
    const { results } = await accept(body, hmac(body), tool.run);
    expect(results).toEqual([
      { toolCallId: "t1", name: "check_availability", error: "The tool arguments were not valid JSON." },
      { toolCallId: "t2", name: "book_appointment", error: "That slot is taken. Offer another." },
      {
        toolCallId: "t3",
        name: "mark_do_not_call",
        error: expect.stringContaining("did not work on our side"),
      },
    ]);
    expect(results.every((r) => !JSON.stringify(r).includes("\\n"))).toBe(true);
    // Unparseable arguments never reach the tool.
    expect(tool.requests.map((r) => r.name)).toEqual(["book_appointment", "mark_do_not_call"]);
  });

  it("a tampered, stale, wrongly signed or unsigned request is 401 and runs nothing", async () => {
    const c = await liveCall();
    const tool = recordingRunTool();
    const body = toolBody("tool-calls", c);
    const attempts = [
      () => accept(body.replace("2026-12-04", "2026-12-05"), hmac(body), tool.run),
      () => accept(body, hmac(body, "whsec_wrong"), tool.run),
      () => accept(body, hmac(body, envSecret, new Date(NOW.getTime() - 10 * 60_000)), tool.run),
      () => accept(body, noHeaders, tool.run),
      () => accept(body, { ...noHeaders, authorization: "Bearer whsec_wrong" }, tool.run),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ status: 401 });
    expect(tool.requests).toHaveLength(0);
    // The credential header with the right secret is accepted too.
    await accept(body, { ...noHeaders, vapiSecret: envSecret }, tool.run);
    expect(tool.requests).toHaveLength(1);
  });

  it("an organization's own secret runs tools for its calls, not for another organization's", async () => {
    const otherCampaign = await insertCampaign(db, otherOrgId, { voiceProvider: "vapi" });
    const theirs = await liveCall(otherOrgId, otherCampaign);
    const tool = recordingRunTool();
    const body = toolBody("tool-calls", theirs);
    expect((await accept(body, hmac(body, orgSecret), tool.run)).results).toHaveLength(1);
    expect(tool.requests[0]?.callId).toBe(theirs.callId);

    const ours = await liveCall();
    const forged = toolBody("tool-calls", { ...ours, orgId: otherOrgId });
    await expect(accept(forged, hmac(forged, orgSecret), tool.run)).rejects.toMatchObject({ status: 401 });
    expect(tool.requests).toHaveLength(1);
  });

  it("a message that is not tool-calls, or has no tool calls, is a clear 422", async () => {
    const c = await liveCall();
    const tool = recordingRunTool();
    const speech = JSON.stringify({ message: { type: "speech-update", call: { id: c.providerCallId } } });
    await expect(accept(speech, hmac(speech), tool.run)).rejects.toMatchObject({ status: 422 });
    const empty = toolBody("tool-calls", c, (m) => {
      m.toolCallList = [];
      (m as Record<string, unknown>).toolWithToolCallList = [];
    });
    await expect(accept(empty, hmac(empty), tool.run)).rejects.toMatchObject({ status: 422 });
    expect(tool.requests).toHaveLength(0);
  });

  it("the route runs the real tools: mark_do_not_call puts the number on the list; forged, nothing", async () => {
    const c = await liveCall();
    const body = toolBody("tool-calls", c, (m) => {
      m.toolCallList = [
        {
          id: "call_dnc",
          type: "function",
          function: { name: "mark_do_not_call", arguments: '{"reason":"asked"}' },
        },
      ];
    });
    const dnc = () =>
      db.query("select 1 from public.do_not_call where org_id = $1 and phone = $2", [orgId, c.phone]);
    const post = (headers: Record<string, string>) =>
      POST(new Request("http://127.0.0.1/api/tools/vapi", { method: "POST", headers, body }));
    // The route reads the clock at its edge (as in production), so these are signed at the real time.
    const wrong = signVapiBody(body, "whsec_wrong", new Date());
    const forged = await post({ "x-signature": wrong.signature, "x-timestamp": wrong.timestamp });
    expect(forged.status).toBe(401);
    expect(await dnc()).toHaveLength(0);
    const good = signVapiBody(body, envSecret, new Date());
    const res = await post({ "x-signature": good.signature, "x-timestamp": good.timestamp });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { results: { toolCallId: string; result?: string }[] };
    expect(answer.results).toEqual([
      { toolCallId: "call_dnc", name: "mark_do_not_call", result: expect.any(String) },
    ]);
    expect(answer.results[0]?.result).not.toContain("\n");
    expect(await dnc()).toHaveLength(1);
  });
});
