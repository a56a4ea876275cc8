import { randomBytes } from "node:crypto";
import Retell from "retell-sdk";
import { symmetric } from "retell-sdk/lib/webhook_auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/tools/retell/route";
import { resetEnvCache } from "@/env";
import { encryptionKey, resetEncryptionKeyCache } from "@/lib/crypto/encryption-key";
import { seal } from "@/lib/crypto/secret-box";
import { setDbHandle } from "@/lib/db";
import { credentialAad } from "@/lib/services/credentials/provider-credentials";
import { acceptRetellTool } from "@/lib/services/tools/accept-retell-tool";
import type { RunTool, ToolRequest, ToolResponse } from "@/lib/services/tools/types";
import { insertCampaign, insertClaimedCall } from "../helpers/dialer-fixtures";
import { createOrgWithMembers } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

/** A RunTool test double: records what it was asked and answers as told. */
function recordingRunTool(
  answer: (r: ToolRequest) => Promise<ToolResponse> = async () => ({ ok: true, result: "ok" }),
) {
  const requests: Omit<ToolRequest, "db">[] = [];
  const run: RunTool = async (request) => {
    const { db: _db, ...rest } = request;
    requests.push(rest);
    return answer(request);
  };
  return { run, requests };
}

describe.each(testDbKinds())("Retell custom functions on %s", (kind) => {
  let db: TestDb;
  let orgId: string;
  let otherOrgId: string;
  let campaignId: string;
  const envKey = `key_env_${randomBytes(12).toString("hex")}`;
  const orgKey = `key_org_${randomBytes(12).toString("hex")}`;
  const simulatorKey = `sim_${randomBytes(16).toString("hex")}`;
  const keys = { environmentKey: envKey, simulatorKey };
  const saved = { ...process.env };
  const now = new Date();

  beforeAll(async () => {
    process.env.RETELL_API_KEY = envKey;
    process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
    resetEnvCache();
    resetEncryptionKeyCache();
    db = await createTestDb(kind);
    setDbHandle(db);
    orgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
    otherOrgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
    campaignId = await insertCampaign(db, orgId, { voiceProvider: "retell" });
    await db.query(
      `insert into public.provider_credentials (org_id, provider, api_key_ciphertext, api_key_hint)
       values ($1, 'retell', $2, $3)`,
      [otherOrgId, seal(orgKey, encryptionKey(), credentialAad(otherOrgId, "retell", "api_key")), "xxxx"],
    );
  });
  afterAll(async () => {
    setDbHandle(undefined);
    process.env = saved;
    resetEnvCache();
    resetEncryptionKeyCache();
    await db.destroy();
  });

  /** A live Retell call of ours, and the `call` object Retell sends with a custom function. */
  const liveCall = async (org = orgId, campaign = campaignId) => {
    const c = await insertClaimedCall(db, { orgId: org, campaignId: campaign, now, status: "live" });
    const providerCallId = `call_${randomBytes(14).toString("hex")}`;
    await db.query("update public.calls set provider = 'retell', provider_call_id = $1 where id = $2", [
      providerCallId,
      c.callId,
    ]);
    const call = {
      call_id: providerCallId,
      call_type: "phone_call",
      call_status: "ongoing",
      direction: "outbound",
      agent_id: "agent_x",
      metadata: { call_id: c.callId, org_id: org },
      transcript: "Agent: Shall I book Friday?\nUser: Yes please.",
    };
    return { ...c, providerCallId, call };
  };
  const accept = (rawBody: string, signature: string | null, run: RunTool) =>
    acceptRetellTool({ db: db.db, rawBody, signature, keys, now, runTool: run });

  it("passes name, args and our call to the tools and answers { result }", async () => {
    const c = await liveCall();
    const tools = recordingRunTool(async () => ({ ok: true, result: "Friday 10:00\nor 14:00 is free." }));
    const body = JSON.stringify({ name: "check_availability", call: c.call, args: { date: "2026-12-04" } });
    expect(await accept(body, await Retell.sign(body, envKey), tools.run)).toEqual({
      result: "Friday 10:00 or 14:00 is free.",
    });
    expect(tools.requests).toEqual([
      {
        now,
        provider: "retell",
        providerCallId: c.providerCallId,
        callId: c.callId,
        name: "check_availability",
        args: { date: "2026-12-04" },
      },
    ]);
  });

  it("reads args at the root when the tool has args_at_root", async () => {
    const c = await liveCall();
    const tools = recordingRunTool();
    const body = JSON.stringify({
      name: "schedule_callback",
      call: c.call,
      at: "tomorrow 9am",
      note: "busy",
    });
    await accept(body, await Retell.sign(body, envKey), tools.run);
    expect(tools.requests[0]?.args).toEqual({ at: "tomorrow 9am", note: "busy" });
  });

  it("a tool that cannot do it answers { error }; one that throws answers a generic error", async () => {
    const c = await liveCall();
    const body = JSON.stringify({ name: "book_appointment", call: c.call, args: {} });
    const sig = await Retell.sign(body, envKey);
    expect(
      await accept(
        body,
        sig,
        recordingRunTool(async () => ({ ok: false, error: "That slot is taken." })).run,
      ),
    ).toEqual({
      error: "That slot is taken.",
    });
    const crash = await accept(
      body,
      sig,
      recordingRunTool(async () => {
        throw new Error("database on fire");
      }).run,
    );
    expect(crash).toEqual({ error: expect.any(String) });
    expect(JSON.stringify(crash)).not.toContain("database on fire");
  });

  it("a bad, stale or missing signature is 401 and runs nothing", async () => {
    const c = await liveCall();
    const tools = recordingRunTool();
    const body = JSON.stringify({ name: "mark_do_not_call", call: c.call, args: {} });
    const good = await Retell.sign(body, envKey);
    const attempts: [string, string | null][] = [
      [body.replace("mark_do_not_call", "check_availability"), good],
      [body, await Retell.sign(body, "key_wrong")],
      [body, await symmetric.sign(body, envKey, Date.now() - 6 * 60_000)],
      [body, null],
    ];
    for (const [raw, sig] of attempts) {
      await expect(accept(raw, sig, tools.run)).rejects.toMatchObject({ status: 401 });
    }
    expect(tools.requests).toEqual([]);
  });

  it("an organization's own key runs tools for its calls, not for another organization's", async () => {
    const otherCampaign = await insertCampaign(db, otherOrgId, { voiceProvider: "retell" });
    const theirs = await liveCall(otherOrgId, otherCampaign);
    const tools = recordingRunTool();
    const ok = JSON.stringify({ name: "check_availability", call: theirs.call, args: {} });
    expect(await accept(ok, await Retell.sign(ok, orgKey), tools.run)).toEqual({ result: "ok" });
    const ours = await liveCall();
    const forged = JSON.stringify({
      name: "mark_do_not_call",
      call: { ...ours.call, metadata: { call_id: ours.callId, org_id: otherOrgId } },
      args: {},
    });
    await expect(accept(forged, await Retell.sign(forged, orgKey), tools.run)).rejects.toMatchObject({
      status: 401,
    });
    // Nor by naming a call id nobody has, hoping for a lookup by Retell's id instead.
    const sideways = JSON.stringify({
      name: "mark_do_not_call",
      call: {
        ...ours.call,
        metadata: { call_id: "99999999-9999-4999-8999-999999999999", org_id: otherOrgId },
      },
      args: {},
    });
    expect(await accept(sideways, await Retell.sign(sideways, orgKey), tools.run)).toEqual({
      error: expect.stringMatching(/not one of ours/),
    });
    expect(tools.requests.map((r) => r.callId)).toEqual([theirs.callId]);
  });

  it("a body without a name or call id is a clear 422", async () => {
    const body = JSON.stringify({ args: {} });
    await expect(accept(body, await Retell.sign(body, envKey), recordingRunTool().run)).rejects.toMatchObject(
      {
        status: 422,
      },
    );
  });

  it("the route runs the real tools: mark_do_not_call puts the number on the list; forged, nothing", async () => {
    const c = await liveCall();
    const body = JSON.stringify({
      name: "mark_do_not_call",
      call: c.call,
      args: { reason: "asked on the call" },
    });
    const dnc = () =>
      db.query("select 1 from public.do_not_call where org_id = $1 and phone = $2", [orgId, c.phone]);
    const post = (sig: string | null) =>
      POST(
        new Request("http://127.0.0.1/api/tools/retell", {
          method: "POST",
          headers: sig ? { "x-retell-signature": sig } : {},
          body,
        }),
      );
    const forged = await post(await Retell.sign(body, "key_wrong"));
    expect(forged.status).toBe(401);
    expect(await dnc()).toHaveLength(0);
    const res = await post(await Retell.sign(body, envKey));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: expect.stringMatching(/do-not-call list/) });
    expect(await dnc()).toHaveLength(1);
  });
});
