import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/vapi/route";
import { resetEnvCache } from "@/env";
import { encryptionKey, resetEncryptionKeyCache } from "@/lib/crypto/encryption-key";
import { seal } from "@/lib/crypto/secret-box";
import { setDbHandle } from "@/lib/db";
import { setQueue } from "@/lib/integrations/queue";
import { type StartCallInput, VoiceError } from "@/lib/integrations/voice/types";
import { createVapiVoice } from "@/lib/integrations/voice/vapi/vapi-voice";
import { signVapiBody } from "@/lib/integrations/voice/vapi/verify-request";
import { credentialAad } from "@/lib/services/credentials/provider-credentials";
import { claimCalls } from "@/lib/services/dialer/claim-calls";
import { dispatchCall } from "@/lib/services/dialer/dispatch-call";
import { reconcileCalls } from "@/lib/services/dialer/reconcile-calls";
import { startVapiFake, type VapiFake } from "../fakes/vapi-fake";
import { insertCampaign, insertClaimedCall, insertLead, recordingQueue } from "../helpers/dialer-fixtures";
import { createOrgWithMembers } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

// Thursday 10:00 in New York: inside the test campaigns' window (every day 08:00-21:00).
const NOW = new Date("2026-12-03T15:00:00Z");
const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/vapi");
const ASSISTANT = "0b5e1c6d-4f0e-4b9a-9a41-2e6f1d0c9b77";
const PHONE_NUMBER_ID = "7d2f0c11-0a4e-4b43-9bd5-51e6a2c3f010";

type Ids = { providerCallId: string; callId: string; orgId: string; campaignId?: string; leadId?: string };

/** A documented server message from tests/fixtures/vapi, re-addressed to one of our calls. */
function vapiBody(fixture: string, ids: Ids): string {
  const body = JSON.parse(readFileSync(path.join(FIXTURES, `${fixture}.json`), "utf8"));
  const metadata = {
    call_id: ids.callId,
    org_id: ids.orgId,
    campaign_id: ids.campaignId ?? "",
    lead_id: ids.leadId ?? "",
  };
  body.message.call.id = ids.providerCallId;
  body.message.call.assistantOverrides = { ...body.message.call.assistantOverrides, metadata };
  if (body.message.assistant) body.message.assistant.metadata = metadata;
  return JSON.stringify(body);
}

const startInput = (over: Partial<StartCallInput> = {}): StartCallInput => ({
  callId: "11111111-1111-4111-8111-111111111111",
  orgId: "22222222-2222-4222-8222-222222222222",
  campaignId: "33333333-3333-4333-8333-333333333333",
  leadId: "44444444-4444-4444-8444-444444444444",
  toNumber: "+16465550111",
  fromNumber: PHONE_NUMBER_ID,
  agentId: ASSISTANT,
  variables: { first_name: "Ada", last_name: "Lovelace", company: "Acme", today: "2026-12-03" },
  ...over,
});

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );

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

  it("creates the call from the campaign's assistant and phone number id, with variables and our ids", async () => {
    const { providerCallId } = await voice().startCall(startInput());
    expect(fake.violations).toEqual([]);
    expect(creates()).toHaveLength(1);
    expect(creates()[0]?.body).toEqual({
      assistantId: ASSISTANT,
      phoneNumberId: PHONE_NUMBER_ID,
      customer: { number: "+16465550111", name: "Ada Lovelace" },
      assistantOverrides: {
        variableValues: { first_name: "Ada", last_name: "Lovelace", company: "Acme", today: "2026-12-03" },
        metadata: {
          call_id: "11111111-1111-4111-8111-111111111111",
          org_id: "22222222-2222-4222-8222-222222222222",
          campaign_id: "33333333-3333-4333-8333-333333333333",
          lead_id: "44444444-4444-4444-8444-444444444444",
        },
      },
    });
    expect(fake.calls.has(providerCallId)).toBe(true);
  });

  it("refuses without an assistant or a caller id, before placing a call", async () => {
    const noAgent = await rejection(voice().startCall(startInput({ agentId: null })));
    expect(noAgent).toBeInstanceOf(VoiceError);
    expect(noAgent).toMatchObject({ kind: "rejected", message: expect.stringContaining("assistant") });
    const noNumber = await rejection(voice().startCall(startInput({ fromNumber: null })));
    expect(noNumber).toMatchObject({ kind: "rejected", message: expect.stringContaining("no caller id") });
    expect(fake.requests).toHaveLength(0);
  });

  it("a caller id given as a number is looked up among the account's Vapi numbers, once", async () => {
    const v = voice();
    await v.startCall(startInput({ fromNumber: "+12125550100" }));
    await v.startCall(startInput({ fromNumber: "+12125550100" }));
    expect(creates().map((r) => (r.body as { phoneNumberId: string }).phoneNumberId)).toEqual([
      PHONE_NUMBER_ID,
      PHONE_NUMBER_ID,
    ]);
    expect(fake.requests.filter((r) => r.path === "/phone-number")).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it("a number the account does not own is refused before placing a call; no caller id uses the default", async () => {
    const error = await rejection(voice().startCall(startInput({ fromNumber: "+13105550199" })));
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
      phoneNumberId: PHONE_NUMBER_ID,
    });
    await withDefault.startCall(startInput({ fromNumber: null }));
    expect(creates()[0]?.body).toMatchObject({ phoneNumberId: PHONE_NUMBER_ID });
  });

  it.each([
    [
      401,
      "Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.",
      "auth",
    ],
    [403, "Forbidden", "auth"],
    [429, "Too Many Requests", "over_concurrency"],
    [
      400,
      "Couldn't Create Call. call.start.error-subscription-concurrency-limit-reached",
      "over_concurrency",
    ],
    [400, "call.start.error-subscription-insufficient-credits", "auth"],
    [400, "customer.number must be a valid phone number in the E.164 format", "invalid_number"],
    [400, "Couldn't Get Assistant. `assistantId` 0b5e1c6d does not exist.", "rejected"],
    [500, "Internal server error", "transient"],
    [503, "Service Unavailable", "transient"],
  ] as const)("a %i (%s) is a %s refusal, asked exactly once", async (status, message, kind) => {
    fake.failCreate(status, message);
    const error = await rejection(voice().startCall(startInput()));
    expect(error).toBeInstanceOf(VoiceError);
    expect(error).toMatchObject({ kind });
    // SDK retries off: a retried create could place a second real call.
    expect(creates()).toHaveLength(1);
  });

  it("a wrong key is refused by the fake's Bearer check and maps to auth", async () => {
    expect(await rejection(voice("not_the_key").startCall(startInput()))).toMatchObject({ kind: "auth" });
    expect(fake.violations).toHaveLength(1);
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
    expect(await rejection(voice().startCall(startInput()))).toMatchObject({
      kind: "over_concurrency",
      providerReason: "call.start.error-subscription-concurrency-limit-reached",
    });
  });

  it("an unreachable Vapi is transient", async () => {
    const v = voice();
    await fake.close();
    expect(await rejection(v.startCall(startInput()))).toMatchObject({ kind: "transient" });
    fake = await startVapiFake();
  });

  it("get-call: queued is pending, in-progress ongoing, ended read as its end-of-call report, unknown null", async () => {
    const v = voice();
    const { providerCallId } = await v.startCall(startInput());
    expect(await v.getCall(providerCallId)).toEqual({ state: "pending" });
    fake.updateCall(providerCallId, { status: "in-progress", startedAt: "2026-12-03T15:00:05.000Z" });
    expect(await v.getCall(providerCallId)).toEqual({ state: "ongoing" });
    fake.updateCall(providerCallId, {
      status: "ended",
      endedReason: "customer-ended-call",
      endedAt: "2026-12-03T15:02:05.000Z",
      cost: 0.2049,
      analysis: {
        summary: "Wants a callback.",
        structuredData: { outcome: "callback", callback_at: "2026-12-04T15:00:00Z" },
      },
      artifact: {
        transcript: "AI: Hi\nUser: Later please\n",
        messages: [{ role: "user", message: "Later please" }],
      },
    });
    expect(await v.getCall(providerCallId)).toMatchObject({
      state: "ended",
      report: {
        provider: "vapi",
        providerCallId,
        callId: "11111111-1111-4111-8111-111111111111",
        event: "analyzed",
        result: "answered",
        outcome: "callback",
        callbackAt: new Date("2026-12-04T15:00:00Z"),
        durationSeconds: 120,
        costCents: 20,
        agentId: ASSISTANT,
        transcriptTurns: [{ role: "user", text: "Later please" }],
      },
    });
    expect(await v.getCall(randomUUID())).toBeNull();
    expect(fake.violations).toEqual([]);
  });
});

describe.each(testDbKinds())("Vapi end to end on %s", (kind) => {
  let db: TestDb;
  let fake: VapiFake;
  let orgId: string;
  let otherOrgId: string;
  let campaignId: string;
  const envSecret = `whsec_env_${randomBytes(12).toString("hex")}`;
  const orgSecret = `whsec_org_${randomBytes(12).toString("hex")}`;
  const saved = { ...process.env };

  beforeAll(async () => {
    fake = await startVapiFake({ apiKey: `vapi_env_${randomBytes(12).toString("hex")}` });
    process.env.VAPI_WEBHOOK_SECRET = envSecret;
    process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
    resetEnvCache();
    resetEncryptionKeyCache();
    db = await createTestDb(kind);
    setDbHandle(db);
    orgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
    otherOrgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
    // The caller id as the campaign form stores it (E.164): the fake account's Vapi number.
    campaignId = await insertCampaign(db, orgId, {
      voiceProvider: "vapi",
      agentId: ASSISTANT,
      callerId: "+12125550100",
    });
    // The other organization brings its own Vapi account and server secret.
    const key = encryptionKey();
    await db.query(
      `insert into public.provider_credentials
         (org_id, provider, api_key_ciphertext, api_key_hint, webhook_secret_ciphertext, config)
       values ($1, 'vapi', $2, 'abcd', $3, $4::jsonb)`,
      [
        otherOrgId,
        seal("vapi_org_private_key", key, credentialAad(otherOrgId, "vapi", "api_key")),
        seal(orgSecret, key, credentialAad(otherOrgId, "vapi", "webhook_secret")),
        JSON.stringify({ phoneNumberId: PHONE_NUMBER_ID }),
      ],
    );
  });
  afterAll(async () => {
    setDbHandle(undefined);
    setQueue(undefined);
    process.env = saved;
    resetEnvCache();
    resetEncryptionKeyCache();
    await fake.close();
    await db.destroy();
  });
  beforeEach(() => setQueue(recordingQueue()));

  const post = (body: string, headers: Record<string, string> = {}) =>
    POST(new Request("http://127.0.0.1/api/webhooks/vapi", { method: "POST", headers, body }));
  const hmacHeaders = (body: string, secret = envSecret, at = new Date()) => {
    const { signature, timestamp } = signVapiBody(body, secret, at);
    return { "x-signature": signature, "x-timestamp": timestamp };
  };
  const signed = (body: string, secret = envSecret) => post(body, hmacHeaders(body, secret));
  const callRow = async (id: string) =>
    (await db.query<Record<string, unknown>>("select * from public.calls where id = $1", [id]))[0]!;
  const leadRow = async (id: string) =>
    (await db.query<Record<string, unknown>>("select * from public.leads where id = $1", [id]))[0]!;
  const events = async (callId: string) =>
    db.query<{ type: string; event_key: string; error: string | null; processed: boolean }>(
      `select type, event_key, error, processed_at is not null as processed from public.webhook_events
       where call_id = $1 order by id`,
      [callId],
    );
  const eventCount = async () =>
    (await db.query<{ n: number }>("select count(*)::int as n from public.webhook_events"))[0]?.n;
  /** Everything a webhook could write, for "nothing was written" checks. */
  const snapshot = async (callId: string, leadId: string) => ({
    call: await callRow(callId),
    lead: await leadRow(leadId),
    events: await eventCount(),
  });
  /** A Vapi call in flight for one of our leads (claimed, dialing, provider id known). */
  const dialing = async (org = orgId, campaign = campaignId) => {
    const c = await insertClaimedCall(db, { orgId: org, campaignId: campaign, now: new Date() });
    const providerCallId = randomUUID();
    await db.query("update public.calls set provider = 'vapi', provider_call_id = $1 where id = $2", [
      providerCallId,
      c.callId,
    ]);
    return { ...c, providerCallId, ids: { providerCallId, callId: c.callId, orgId: org } };
  };

  it("dispatches through the real dispatch service and follows Vapi's messages to a booked lead", async () => {
    const leadId = await insertLead(db, orgId, campaignId, {
      firstName: "Grace",
      customFields: { plan: "Pro" },
    });
    const [claimed] = await claimCalls({
      db: db.db,
      campaignId,
      now: NOW,
      account: { key: "vapi:env", cap: 10 },
    });
    if (!claimed) throw new Error("nothing claimed");
    expect(claimed.leadId).toBe(leadId);
    const result = await dispatchCall({
      db: db.db,
      callId: claimed.callId,
      now: NOW,
      voiceFor: () =>
        createVapiVoice({ apiKey: fake.apiKey, baseUrl: fake.url, account: "vapi:env", concurrencyCap: 10 }),
    });
    expect(result).toEqual({ status: "dialing" });
    expect(fake.violations).toEqual([]);
    const body = fake.requests.filter((r) => r.path === "/call").at(-1)?.body as {
      assistantId: string;
      phoneNumberId: string;
      assistantOverrides: { variableValues: Record<string, unknown>; metadata: unknown };
    };
    expect(body.assistantId).toBe(ASSISTANT);
    expect(body.phoneNumberId).toBe(PHONE_NUMBER_ID);
    expect(body.assistantOverrides.variableValues).toMatchObject({
      first_name: "Grace",
      plan: "Pro",
      timezone: "America/New_York",
      today: "2026-12-03",
      local_time: "10:00",
    });
    expect(body.assistantOverrides.metadata).toEqual({
      call_id: claimed.callId,
      org_id: orgId,
      campaign_id: campaignId,
      lead_id: leadId,
    });
    const providerCallId = [...fake.calls.keys()].at(-1)!;
    expect(await callRow(claimed.callId)).toMatchObject({
      status: "dialing",
      provider: "vapi",
      provider_call_id: providerCallId,
    });

    const ids = { providerCallId, callId: claimed.callId, orgId, campaignId, leadId };
    expect((await signed(vapiBody("status-update-ringing", ids))).status).toBe(200);
    expect(await callRow(claimed.callId)).toMatchObject({ status: "dialing", started_at: null });
    expect((await signed(vapiBody("status-update-in-progress", ids))).status).toBe(200);
    expect(await callRow(claimed.callId)).toMatchObject({ status: "live" });
    expect((await signed(vapiBody("speech-update", ids))).status).toBe(200);
    expect((await signed(vapiBody("conversation-update", ids))).status).toBe(200);
    expect((await signed(vapiBody("status-update-ended-customer-ended-call", ids))).status).toBe(200);
    expect((await signed(vapiBody("end-of-call-report-booked", ids))).status).toBe(200);
    const ended = await callRow(claimed.callId);
    expect(ended).toMatchObject({
      status: "ended",
      result: "answered",
      outcome: "booked",
      provider_reason: "customer-ended-call",
      duration_seconds: 93,
      cost_cents: 12,
      agent_id: ASSISTANT,
      recording_url: "https://storage.vapi.ai/9f1c6a52-mono.wav",
      summary: "Ada booked a cleaning for Friday at 10 AM.",
      transcript: expect.stringContaining("You're booked for Friday at 10 AM."),
    });
    expect(ended.transcript_turns).toEqual([
      { role: "agent", text: "Hi Ada, this is Riley from Acme Dental. Do you have a minute?" },
      { role: "user", text: "Sure, go ahead." },
      { role: "agent", text: "You're booked for Friday at 10 AM. Anything else?" },
      { role: "user", text: "No, thanks. Bye!" },
    ]);
    expect(ended.analysis).toMatchObject({
      structuredData: { outcome: "booked" },
      successEvaluation: "true",
    });
    expect((await leadRow(leadId)).status).toBe("booked");
    // Ringing, speech, conversation and ended-status updates are acknowledged, not stored.
    expect((await events(claimed.callId)).map((e) => [e.event_key, e.processed, e.error])).toEqual([
      [`${providerCallId}:status-update:in-progress`, true, null],
      [`${providerCallId}:end-of-call-report:`, true, null],
    ]);
  });

  it("HMAC: tampered body, wrong secret, stale or future timestamp, missing headers: 401, nothing written", async () => {
    const c = await dialing();
    const body = vapiBody("end-of-call-report-customer-busy", c.ids);
    const before = await snapshot(c.callId, c.leadId);
    const good = hmacHeaders(body);
    const tampered = body.replace('"customer-busy"', '"customer-ended-call"');
    const replies = [
      await post(tampered, good),
      await post(body, hmacHeaders(body, "whsec_somebody_else")),
      await post(body, hmacHeaders(body, envSecret, new Date(Date.now() - 6 * 60_000))),
      await post(body, hmacHeaders(body, envSecret, new Date(Date.now() + 6 * 60_000))),
      await post(body, { "x-signature": good["x-signature"] }),
      await post(body, { "x-timestamp": good["x-timestamp"] }),
      await post(body),
      await post(body, { ...good, "x-signature": "00".repeat(32) }),
    ];
    expect(replies.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401, 401, 401]);
    expect(await replies[0]?.json()).toEqual({ error: "Invalid Vapi signature or credential." });
    expect(await snapshot(c.callId, c.leadId)).toEqual(before);
    // The same body, correctly signed, does go through: the rejections were about the proof.
    expect((await post(body, good)).status).toBe(200);
    expect(await callRow(c.callId)).toMatchObject({ status: "ended", result: "busy" });
  });

  it("credential header: Bearer or X-Vapi-Secret with the secret passes; a wrong one is 401", async () => {
    const a = await dialing();
    const bodyA = vapiBody("end-of-call-report-customer-did-not-answer", a.ids);
    const before = await snapshot(a.callId, a.leadId);
    expect((await post(bodyA, { authorization: "Bearer nope" })).status).toBe(401);
    expect((await post(bodyA, { "x-vapi-secret": `${envSecret}x` })).status).toBe(401);
    expect((await post(bodyA, { authorization: envSecret })).status).toBe(401);
    expect(await snapshot(a.callId, a.leadId)).toEqual(before);
    expect((await post(bodyA, { authorization: `Bearer ${envSecret}` })).status).toBe(200);
    expect(await callRow(a.callId)).toMatchObject({ status: "ended", result: "no_answer" });

    const b = await dialing();
    expect(
      (await post(vapiBody("end-of-call-report-voicemail", b.ids), { "x-vapi-secret": envSecret })).status,
    ).toBe(200);
    expect(await callRow(b.callId)).toMatchObject({ status: "ended", result: "voicemail", cost_cents: 3 });
  });

  it("without any secret configured every request is refused with a clear 401", async () => {
    const c = await dialing();
    const body = vapiBody("end-of-call-report-customer-busy", c.ids);
    const before = await snapshot(c.callId, c.leadId);
    delete process.env.VAPI_WEBHOOK_SECRET;
    resetEnvCache();
    try {
      const reply = await signed(body);
      expect(reply.status).toBe(401);
      expect((await reply.json()).error).toContain("No Vapi secret is configured");
      expect((await post(body, { authorization: "Bearer " })).status).toBe(401);
    } finally {
      process.env.VAPI_WEBHOOK_SECRET = envSecret;
      resetEnvCache();
    }
    expect(await snapshot(c.callId, c.leadId)).toEqual(before);
  });

  it("a duplicate delivery is stored once and changes nothing the second time", async () => {
    const c = await dialing();
    const body = vapiBody("end-of-call-report-customer-did-not-answer", c.ids);
    const first = await signed(body);
    expect(await first.json()).toEqual({ ok: true });
    const after = await snapshot(c.callId, c.leadId);
    expect(after.lead.status).toBe("pending");
    const second = await signed(body);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ ok: true, duplicate: true });
    expect(await snapshot(c.callId, c.leadId)).toEqual(after);
    expect(await events(c.callId)).toHaveLength(1);
  });

  it("an end-of-call report alone ends the call; late status updates change nothing", async () => {
    const c = await dialing();
    expect((await signed(vapiBody("end-of-call-report-callback", c.ids))).status).toBe(200);
    const analyzed = await callRow(c.callId);
    expect(analyzed).toMatchObject({
      status: "ended",
      result: "answered",
      outcome: "callback",
      provider_reason: "assistant-ended-call",
      cost_cents: 8,
    });
    expect(new Date(analyzed.callback_at as string).toISOString()).toBe("2026-12-04T20:00:00.000Z");
    expect(new Date(analyzed.started_at as string).toISOString()).toBe("2026-12-03T12:18:00.000Z");
    const lead = await leadRow(c.leadId);
    expect(lead.status).toBe("callback");
    expect((await signed(vapiBody("status-update-ended-customer-ended-call", c.ids))).status).toBe(200);
    expect((await signed(vapiBody("status-update-in-progress", c.ids))).status).toBe(200);
    const { updated_at: _a, ...callAfter } = await callRow(c.callId);
    const { updated_at: _b, ...callBefore } = analyzed;
    expect(callAfter).toEqual(callBefore);
    expect(await leadRow(c.leadId)).toEqual(lead);
    expect((await events(c.callId)).map((e) => e.event_key)).toEqual([
      `${c.providerCallId}:end-of-call-report:`,
      `${c.providerCallId}:status-update:in-progress`,
    ]);
  });

  it("do_not_call from the structured data puts the number on the do-not-call list", async () => {
    const c = await dialing();
    expect((await signed(vapiBody("end-of-call-report-do-not-call", c.ids))).status).toBe(200);
    expect((await leadRow(c.leadId)).status).toBe("do_not_call");
    const [dnc] = await db.query<{ n: number }>(
      "select count(*)::int as n from public.do_not_call where org_id = $1 and phone = $2",
      [orgId, c.phone],
    );
    expect(dnc?.n).toBe(1);
  });

  it("an unknown endedReason ends the call as failed, kept verbatim; a body that is not Vapi's is 422", async () => {
    const c = await dialing();
    expect((await signed(vapiBody("end-of-call-report-unknown-reason", c.ids))).status).toBe(200);
    expect(await callRow(c.callId)).toMatchObject({
      status: "ended",
      result: "failed",
      provider_reason: "call.in-the-future.some-new-reason",
    });
    const count = await eventCount();
    expect((await signed(JSON.stringify({ event: "call_ended", call: {} }))).status).toBe(422);
    expect((await signed("not json")).status).toBe(422);
    // Both are kept for inspection as rejected (once each), and nothing is applied.
    expect((await signed("not json")).status).toBe(422);
    expect(await eventCount()).toBe((count ?? 0) + 2);
  });

  it("an organization's own secret verifies its calls, and only its calls", async () => {
    const otherCampaign = await insertCampaign(db, otherOrgId, { voiceProvider: "vapi" });
    const theirs = await dialing(otherOrgId, otherCampaign);
    expect((await signed(vapiBody("end-of-call-report-customer-busy", theirs.ids), orgSecret)).status).toBe(
      200,
    );
    expect(await callRow(theirs.callId)).toMatchObject({ status: "ended", result: "busy" });

    // Signed with the other organization's secret but naming a call of ours: refused, nothing written.
    const ours = await dialing();
    const before = await snapshot(ours.callId, ours.leadId);
    const forged = vapiBody("end-of-call-report-booked", { ...ours.ids, orgId: otherOrgId });
    expect((await signed(forged, orgSecret)).status).toBe(401);
    // Claiming our organization does not help: we have no secret of our own, so theirs is not tried.
    expect((await signed(vapiBody("end-of-call-report-booked", ours.ids), orgSecret)).status).toBe(401);
    expect(await snapshot(ours.callId, ours.leadId)).toEqual(before);
  });

  it("the reconciler asks Vapi about an overdue call: queued waits, ended is recorded", async () => {
    const voice = createVapiVoice({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      account: "vapi:env",
      concurrencyCap: 10,
    });
    const overdue = new Date("2020-01-01T00:00:00Z");
    const at = new Date("2020-01-01T00:01:00Z");
    const c = await insertClaimedCall(db, { orgId, campaignId, now: new Date(), deadlineAt: overdue });
    const { providerCallId } = await voice.startCall(
      startInput({ callId: c.callId, orgId, campaignId, leadId: c.leadId, toNumber: c.phone }),
    );
    await db.query("update public.calls set provider = 'vapi', provider_call_id = $1 where id = $2", [
      providerCallId,
      c.callId,
    ]);
    await reconcileCalls({ db: db.db, now: at, voiceFor: () => voice, queue: recordingQueue() });
    expect((await callRow(c.callId)).status).toBe("dialing");

    fake.updateCall(providerCallId, {
      status: "ended",
      endedReason: "customer-busy",
      endedAt: at.toISOString(),
      cost: 0,
    });
    await db.query("update public.calls set deadline_at = $1 where id = $2", [
      overdue.toISOString(),
      c.callId,
    ]);
    await reconcileCalls({ db: db.db, now: at, voiceFor: () => voice, queue: recordingQueue() });
    expect(await callRow(c.callId)).toMatchObject({
      status: "ended",
      result: "busy",
      provider_reason: "customer-busy",
    });
    expect(fake.violations).toEqual([]);
  });
});
