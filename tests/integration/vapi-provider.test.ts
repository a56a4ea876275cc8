import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { setQueue } from "@/lib/integrations/queue";
import { VoiceError } from "@/lib/integrations/voice/types";
import { createVapiVoice } from "@/lib/integrations/voice/vapi/vapi-voice";
import { startVapiFake, type VapiFake } from "../fakes/vapi-fake";
import {
  type ApplyingQueue,
  applyingQueue,
  insertCampaign,
  insertClaimedCall,
} from "../helpers/dialer-fixtures";
import { createOrgWithMembers } from "../helpers/fixtures";
import { type TestDb, testDbKinds } from "../helpers/test-db";
import {
  closeVoiceDb,
  openVoiceDb,
  type Proof,
  recordingRunTool,
  rejection,
  webhookRows,
} from "../helpers/voice-contract/driver";
import {
  VAPI_PHONE_NUMBER_ID,
  vapi,
  vapiBody,
  vapiSignature,
  vapiStartInput,
  vapiToolBody,
} from "../helpers/voice-contract/vapi";

/*
 * What only Vapi does. What every provider promises (creating calls, refusals, get-call,
 * verified webhooks, duplicates, order, the reconciler, in-call tools) is in
 * voice-provider-contract.test.ts and voice-tools-contract.test.ts, run against Vapi there.
 */

// Thursday 10:00 in New York: requests to the services are run and judged at this instant.
const NOW = new Date("2026-12-03T15:00:00Z");

describe("Vapi adapter against the contract fake", () => {
  let fake: VapiFake;
  const voice = (apiKey = fake.apiKey) =>
    createVapiVoice({ apiKey, baseUrl: fake.url, account: "vapi:env", concurrencyCap: 10 });
  const creates = () => fake.requests.filter((r) => r.method === "POST" && r.path === "/call");

  beforeEach(async () => {
    fake = await startVapiFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it("refuses without an assistant, before placing a call (Vapi has no number-bound default)", async () => {
    const noAgent = await rejection(voice().startCall(vapiStartInput({ agentId: null })));
    expect(noAgent).toBeInstanceOf(VoiceError);
    expect(noAgent).toMatchObject({ kind: "rejected", message: expect.stringContaining("assistant") });
    expect(fake.requests).toHaveLength(0);
  });

  it("a caller id given as a number is looked up among the account's Vapi numbers, once", async () => {
    const v = voice();
    await v.startCall(vapiStartInput({ fromNumber: "+12125550100" }));
    await v.startCall(vapiStartInput({ fromNumber: "+12125550100" }));
    expect(creates().map((r) => (r.body as { phoneNumberId: string }).phoneNumberId)).toEqual([
      VAPI_PHONE_NUMBER_ID,
      VAPI_PHONE_NUMBER_ID,
    ]);
    expect(fake.requests.filter((r) => r.path === "/phone-number")).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it("a number the account does not own is refused before placing a call; no caller id uses the default", async () => {
    const error = await rejection(voice().startCall(vapiStartInput({ fromNumber: "+13105550199" })));
    expect(error).toMatchObject({
      kind: "rejected",
      message: expect.stringContaining("not a phone number of this Vapi account"),
    });
    expect(creates()).toHaveLength(0);
    const withDefault = createVapiVoice({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      account: "vapi:env",
      concurrencyCap: 10,
      phoneNumberId: VAPI_PHONE_NUMBER_ID,
    });
    await withDefault.startCall(vapiStartInput({ fromNumber: null }));
    expect(creates()[0]?.body).toMatchObject({ phoneNumberId: VAPI_PHONE_NUMBER_ID });
  });

  it("Vapi creating the call already ended by a start error is a refusal, not a call", async () => {
    fake.failNext("POST", "/call", {
      status: 201,
      body: {
        id: randomUUID(),
        orgId: "5a6b7c8d-0000-4000-8000-00000000a001",
        status: "ended",
        endedReason: "call.start.error-subscription-concurrency-limit-reached",
        createdAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
      },
    });
    expect(await rejection(voice().startCall(vapiStartInput()))).toMatchObject({
      kind: "over_concurrency",
      providerReason: "call.start.error-subscription-concurrency-limit-reached",
    });
  });
});

describe.each(testDbKinds())("Vapi on %s", (kind) => {
  let db: TestDb;
  let rows: ReturnType<typeof webhookRows>;
  let orgId: string;
  let campaignId: string;
  const envSecret = vapi.newKey("env");
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.VAPI_WEBHOOK_SECRET = envSecret;
    db = await openVoiceDb(kind);
    rows = webhookRows(db);
    orgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
    campaignId = await insertCampaign(db, orgId, { voiceProvider: "vapi", ...vapi.campaign });
  });
  afterAll(() => closeVoiceDb(db, saved));
  let queue: ApplyingQueue;
  beforeEach(() => {
    queue = applyingQueue(db.db, NOW);
    setQueue(queue);
  });

  /** A delivery, then its application: the route only stores the message and queues its job. */
  const post = async (body: string, proof: Proof = {}) => {
    const response = await vapi.postWebhook(body, proof);
    await queue.drain();
    return response;
  };
  /** A Vapi call of one of our leads (claimed, dialing or live, provider id known). */
  const ourCall = async (status: "dialing" | "live" = "dialing") => {
    const c = await insertClaimedCall(db, { orgId, campaignId, status, now: NOW });
    const providerCallId = randomUUID();
    await db.query("update public.calls set provider = 'vapi', provider_call_id = $1 where id = $2", [
      providerCallId,
      c.callId,
    ]);
    return { ...c, providerCallId, ids: { providerCallId, callId: c.callId, orgId } };
  };

  it("credential header: Bearer or X-Vapi-Secret with the secret passes; a wrong one is 401", async () => {
    const a = await ourCall();
    const bodyA = vapiBody("end-of-call-report-customer-did-not-answer", a.ids);
    const before = await rows.snapshot(a.callId, a.leadId);
    expect((await post(bodyA, { authorization: "Bearer nope" })).status).toBe(401);
    expect((await post(bodyA, { "x-vapi-secret": `${envSecret}x` })).status).toBe(401);
    expect((await post(bodyA, { authorization: envSecret })).status).toBe(401);
    expect(await rows.snapshot(a.callId, a.leadId)).toEqual(before);
    expect((await post(bodyA, { authorization: `Bearer ${envSecret}` })).status).toBe(200);
    expect(await rows.callRow(a.callId)).toMatchObject({ status: "ended", result: "no_answer" });

    const b = await ourCall();
    expect(
      (await post(vapiBody("end-of-call-report-voicemail", b.ids), { "x-vapi-secret": envSecret })).status,
    ).toBe(200);
    expect(await rows.callRow(b.callId)).toMatchObject({
      status: "ended",
      result: "voicemail",
      cost_cents: 3,
    });
  });

  it("without any secret configured every request is refused with a clear 401", async () => {
    const c = await ourCall();
    const body = vapiBody("end-of-call-report-customer-busy", c.ids);
    const before = await rows.snapshot(c.callId, c.leadId);
    delete process.env.VAPI_WEBHOOK_SECRET;
    resetEnvCache();
    try {
      // The route reads the clock at its edge (as in production), so this is signed at the real time.
      const reply = await post(body, vapiSignature(body, envSecret, new Date()));
      expect(reply.status).toBe(401);
      expect((await reply.json()).error).toContain("No Vapi secret is configured");
      expect((await post(body, { authorization: "Bearer " })).status).toBe(401);
    } finally {
      process.env.VAPI_WEBHOOK_SECRET = envSecret;
      resetEnvCache();
    }
    expect(await rows.snapshot(c.callId, c.leadId)).toEqual(before);
  });

  describe("tool-calls", () => {
    const accept = (rawBody: string, run = recordingRunTool().run) =>
      vapi.acceptTool({
        db,
        rawBody,
        proof: vapiSignature(rawBody, envSecret, NOW),
        envKey: envSecret,
        now: NOW,
        run,
      }) as Promise<{ results: Record<string, unknown>[] }>;

    it("runs the docs' shapes in order: arguments as an object, and { id, name, parameters }", async () => {
      const c = await ourCall("live");
      const tool = recordingRunTool();
      const answer = await accept(vapiToolBody("tool-calls-docs-shapes", c.ids), tool.run);
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
      const c = await ourCall("live");
      const body = vapiToolBody("tool-calls", c.ids, (m) => {
        delete (m as Record<string, unknown>).toolCallList;
      });
      expect((await accept(body)).results).toEqual([
        { toolCallId: "call_Ab12", name: "check_availability", result: "ran check_availability" },
      ]);
    });

    it("several calls in one message: bad arguments, a refusal and a crash each answer their own one-line error", async () => {
      const c = await ourCall("live");
      const tool = recordingRunTool(async (r) => {
        if (r.name === "book_appointment") return { ok: false, error: "That slot is taken.\nOffer another." };
        throw new Error("database on fire");
      });
      const body = vapiToolBody("tool-calls", c.ids, (m) => {
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
      const { results } = await accept(body, tool.run);
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
  });
});
