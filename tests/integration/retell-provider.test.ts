import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import Retell from "retell-sdk";
import { symmetric } from "retell-sdk/lib/webhook_auth";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/retell/route";
import { resetEnvCache } from "@/env";
import { encryptionKey, resetEncryptionKeyCache } from "@/lib/crypto/encryption-key";
import { seal } from "@/lib/crypto/secret-box";
import { setDbHandle } from "@/lib/db";
import { setQueue } from "@/lib/integrations/queue";
import { createRetellVoice } from "@/lib/integrations/voice/retell/retell-voice";
import { type StartCallInput, VoiceError } from "@/lib/integrations/voice/types";
import { credentialAad } from "@/lib/services/credentials/provider-credentials";
import { claimCalls } from "@/lib/services/dialer/claim-calls";
import { dispatchCall } from "@/lib/services/dialer/dispatch-call";
import { reconcileCalls } from "@/lib/services/dialer/reconcile-calls";
import { handleJob } from "@/lib/services/jobs/handle-job";
import { type RetellFake, startRetellFake } from "../fakes/retell-fake";
import { insertCampaign, insertClaimedCall, insertLead, recordingQueue } from "../helpers/dialer-fixtures";
import { createOrgWithMembers } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

// Thursday 10:00 in New York: inside the test campaigns' window (every day 08:00-21:00).
const NOW = new Date("2026-12-03T15:00:00Z");
const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/retell");

/** A documented webhook body from tests/fixtures/retell, re-addressed to one of our calls. */
function webhookBody(
  fixture: string,
  ids: { providerCallId: string; callId: string; orgId: string; campaignId?: string; leadId?: string },
): string {
  const body = JSON.parse(readFileSync(path.join(FIXTURES, `${fixture}.json`), "utf8"));
  body.call.call_id = ids.providerCallId;
  body.call.metadata = {
    call_id: ids.callId,
    org_id: ids.orgId,
    campaign_id: ids.campaignId ?? "",
    lead_id: ids.leadId ?? "",
  };
  return JSON.stringify(body);
}

const startInput = (over: Partial<StartCallInput> = {}): StartCallInput => ({
  callId: "11111111-1111-4111-8111-111111111111",
  orgId: "22222222-2222-4222-8222-222222222222",
  campaignId: "33333333-3333-4333-8333-333333333333",
  leadId: "44444444-4444-4444-8444-444444444444",
  toNumber: "+16465550111",
  fromNumber: "+12125550100",
  agentId: "agent_campaign_0001",
  variables: { first_name: "Ada", company: "Acme", today: "2026-12-03", local_time: "10:00" },
  ...over,
});

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );

describe("Retell adapter against the contract fake", () => {
  let fake: RetellFake;
  const voice = () =>
    createRetellVoice({ apiKey: fake.apiKey, baseUrl: fake.url, account: "retell:env", concurrencyCap: 20 });
  const creates = () => fake.requests.filter((r) => r.path === "/v2/create-phone-call");

  beforeEach(async () => {
    fake = await startRetellFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it("creates the call with string variables, our ids as metadata and the campaign's agent", async () => {
    const { providerCallId } = await voice().startCall(startInput());
    expect(fake.violations).toEqual([]);
    expect(creates()).toHaveLength(1);
    expect(creates()[0]?.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(creates()[0]?.body).toEqual({
      from_number: "+12125550100",
      to_number: "+16465550111",
      override_agent_id: "agent_campaign_0001",
      retell_llm_dynamic_variables: {
        first_name: "Ada",
        company: "Acme",
        today: "2026-12-03",
        local_time: "10:00",
      },
      metadata: {
        call_id: "11111111-1111-4111-8111-111111111111",
        org_id: "22222222-2222-4222-8222-222222222222",
        campaign_id: "33333333-3333-4333-8333-333333333333",
        lead_id: "44444444-4444-4444-8444-444444444444",
      },
    });
    expect(fake.calls.get(providerCallId)?.call_status).toBe("registered");
  });

  it("without an agent, the number's bound agent is used (no override sent)", async () => {
    await voice().startCall(startInput({ agentId: null }));
    expect(fake.violations).toEqual([]);
    expect(creates()[0]?.body).not.toHaveProperty("override_agent_id");
  });

  it("a campaign without a caller id is rejected before Retell is asked", async () => {
    const e = await rejection(voice().startCall(startInput({ fromNumber: null })));
    expect(e).toBeInstanceOf(VoiceError);
    expect(e).toMatchObject({ kind: "rejected", message: expect.stringMatching(/caller id/) });
    expect(fake.requests).toHaveLength(0);
  });

  it("a 500 is not retried: Retell sees exactly one request (a retry could place a second real call)", async () => {
    fake.failCreate(500, "upstream failure", 5);
    const e = await rejection(voice().startCall(startInput()));
    expect(e).toMatchObject({ kind: "transient" });
    expect(creates()).toHaveLength(1);
  });

  it.each([
    [401, "Unauthorized", "auth"],
    [403, "Forbidden", "auth"],
    [429, "Too many requests", "over_concurrency"],
    [400, "Concurrency limit reached", "over_concurrency"],
    [400, "Invalid to_number", "invalid_number"],
    [400, "from_number is not purchased or imported into Retell", "rejected"],
    [404, "Agent not found", "rejected"],
    [503, "Service unavailable", "transient"],
  ])("HTTP %i (%s) -> %s, one request", async (status, message, kind) => {
    fake.failCreate(status, message, 3);
    const e = await rejection(voice().startCall(startInput()));
    expect(e).toMatchObject({ kind, providerReason: String(status) });
    expect(creates()).toHaveLength(1);
  });

  it("a wrong API key is refused by the fake and reads as auth", async () => {
    const wrong = createRetellVoice({
      apiKey: "nope",
      baseUrl: fake.url,
      account: "retell:env",
      concurrencyCap: 20,
    });
    expect(await rejection(wrong.startCall(startInput()))).toMatchObject({ kind: "auth" });
  });

  it("a closed port is transient", async () => {
    const url = fake.url;
    await fake.close();
    const gone = createRetellVoice({ apiKey: "k", baseUrl: url, account: "retell:env", concurrencyCap: 20 });
    expect(await rejection(gone.startCall(startInput()))).toMatchObject({ kind: "transient" });
    fake = await startRetellFake();
  });

  it("getCall: registered and ongoing are open; ended and not_connected carry a report; unknown is null", async () => {
    const v = voice();
    const { providerCallId } = await v.startCall(startInput());
    expect(await v.getCall(providerCallId)).toEqual({ state: "pending" });
    fake.updateCall(providerCallId, { call_status: "ongoing", start_timestamp: NOW.getTime() });
    expect(await v.getCall(providerCallId)).toEqual({ state: "ongoing" });
    fake.updateCall(providerCallId, {
      call_status: "ended",
      end_timestamp: NOW.getTime() + 61_000,
      duration_ms: 61_000,
      disconnection_reason: "agent_hangup",
      call_cost: {
        combined_cost: 8.2,
        product_costs: [],
        total_duration_seconds: 61,
        total_duration_unit_price: 0.13,
      },
    });
    expect(await v.getCall(providerCallId)).toEqual({
      state: "ended",
      report: expect.objectContaining({
        provider: "retell",
        providerCallId,
        callId: "11111111-1111-4111-8111-111111111111",
        event: "ended",
        result: "answered",
        providerReason: "agent_hangup",
        durationSeconds: 61,
        costCents: 8,
        agentId: "agent_campaign_0001",
      }),
    });
    fake.updateCall(providerCallId, {
      call_analysis: {
        call_summary: "Asked to call back",
        custom_analysis_data: { outcome: "not_interested" },
      },
    });
    expect(await v.getCall(providerCallId)).toMatchObject({
      state: "ended",
      report: { event: "analyzed", outcome: "not_interested" },
    });
    const second = await v.startCall(startInput());
    fake.updateCall(second.providerCallId, {
      call_status: "not_connected",
      disconnection_reason: "dial_no_answer",
      end_timestamp: NOW.getTime(),
    });
    expect(await v.getCall(second.providerCallId)).toMatchObject({
      state: "ended",
      report: { result: "no_answer", startedAt: null },
    });
    expect(await v.getCall("call_does_not_exist")).toBeNull();
    expect(fake.violations).toEqual([]);
  });
});

describe.each(testDbKinds())("Retell end to end on %s", (kind) => {
  let db: TestDb;
  let fake: RetellFake;
  let orgId: string;
  let otherOrgId: string;
  let campaignId: string;
  const orgKey = `key_org_${randomBytes(12).toString("hex")}`;
  const saved = { ...process.env };

  beforeAll(async () => {
    fake = await startRetellFake({ apiKey: `key_env_${randomBytes(12).toString("hex")}` });
    process.env.RETELL_API_KEY = fake.apiKey;
    process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
    delete process.env.SIMULATOR_WEBHOOK_KEY;
    resetEnvCache();
    resetEncryptionKeyCache();
    db = await createTestDb(kind);
    setDbHandle(db);
    orgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
    otherOrgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
    campaignId = await insertCampaign(db, orgId, { voiceProvider: "retell", agentId: "agent_campaign_0001" });
    // The other organization brings its own Retell account.
    const aad = credentialAad(otherOrgId, "retell", "api_key");
    await db.query(
      `insert into public.provider_credentials (org_id, provider, api_key_ciphertext, api_key_hint)
       values ($1, 'retell', $2, $3)`,
      [otherOrgId, seal(orgKey, encryptionKey(), aad), orgKey.slice(-4)],
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
  let queue: ReturnType<typeof recordingQueue>;
  beforeEach(() => {
    queue = recordingQueue();
    setQueue(queue);
  });

  const post = (body: string, signature?: string) =>
    POST(
      new Request("http://127.0.0.1/api/webhooks/retell", {
        method: "POST",
        headers: signature ? { "x-retell-signature": signature } : {},
        body,
      }),
    );
  const signed = async (body: string, key = fake.apiKey) => post(body, await Retell.sign(body, key));
  const callRow = async (id: string) =>
    (await db.query<Record<string, unknown>>("select * from public.calls where id = $1", [id]))[0]!;
  const leadRow = async (id: string) =>
    (await db.query<Record<string, unknown>>("select * from public.leads where id = $1", [id]))[0]!;
  const events = async (callId: string) =>
    db.query<{ type: string; error: string | null; processed: boolean }>(
      "select type, error, processed_at is not null as processed from public.webhook_events where call_id = $1 order by id",
      [callId],
    );
  /** Everything a webhook could write, for "nothing was written" checks. */
  const snapshot = async (callId: string, leadId: string) => ({
    call: await callRow(callId),
    lead: await leadRow(leadId),
    events: (await db.query<{ n: number }>("select count(*)::int as n from public.webhook_events"))[0]?.n,
  });
  /** A real database failure while one call's outcome is written: a trigger refusing it. Returns the cleanup. */
  const refuseEnding = async (callId: string) => {
    await db.query(`create or replace function public.test_refuse_call() returns trigger language plpgsql as $$
      begin if new.id = '${callId}' and new.status = 'ended' then raise exception 'refused for the test'; end if; return new; end $$`);
    await db.query(
      "create trigger test_refuse_call before update on public.calls for each row execute function public.test_refuse_call()",
    );
    return async () => {
      await db.query("drop trigger test_refuse_call on public.calls");
      await db.query("drop function public.test_refuse_call()");
    };
  };
  /** A Retell call in flight for one of our leads (claimed, dialing, provider id known). */
  const dialing = async (org = orgId, campaign = campaignId) => {
    const c = await insertClaimedCall(db, { orgId: org, campaignId: campaign, now: new Date() });
    const providerCallId = `call_${randomBytes(14).toString("hex")}`;
    await db.query("update public.calls set provider = 'retell', provider_call_id = $1 where id = $2", [
      providerCallId,
      c.callId,
    ]);
    return { ...c, providerCallId, ids: { providerCallId, callId: c.callId, orgId: org } };
  };

  it("dispatches through the real dispatch service and follows Retell's webhooks to a booked lead", async () => {
    const leadId = await insertLead(db, orgId, campaignId, {
      firstName: "Grace",
      customFields: { plan: "Pro", seats: "12" },
    });
    const [claimed] = await claimCalls({
      db: db.db,
      campaignId,
      now: NOW,
      account: { key: "retell:env", cap: 20 },
    });
    if (!claimed) throw new Error("nothing claimed");
    expect(claimed.leadId).toBe(leadId);
    const result = await dispatchCall({
      db: db.db,
      callId: claimed.callId,
      now: NOW,
      voiceFor: () =>
        createRetellVoice({
          apiKey: fake.apiKey,
          baseUrl: fake.url,
          account: "retell:env",
          concurrencyCap: 20,
        }),
    });
    expect(result).toEqual({ status: "dialing" });
    expect(fake.violations).toEqual([]);
    const request = fake.requests.at(-1)!;
    const body = request.body as { retell_llm_dynamic_variables: Record<string, unknown>; metadata: unknown };
    expect(Object.values(body.retell_llm_dynamic_variables).every((v) => typeof v === "string")).toBe(true);
    expect(body.retell_llm_dynamic_variables).toMatchObject({
      first_name: "Grace",
      plan: "Pro",
      seats: "12",
      timezone: "America/New_York",
      today: "2026-12-03",
      local_time: "10:00",
    });
    expect(body.metadata).toEqual({
      call_id: claimed.callId,
      org_id: orgId,
      campaign_id: campaignId,
      lead_id: leadId,
    });
    const row = await callRow(claimed.callId);
    const providerCallId = [...fake.calls.keys()].at(-1)!;
    expect(row).toMatchObject({ status: "dialing", provider: "retell", provider_call_id: providerCallId });

    const ids = { providerCallId, callId: claimed.callId, orgId, campaignId, leadId };
    expect((await signed(webhookBody("call_started", ids))).status).toBe(200);
    expect(await callRow(claimed.callId)).toMatchObject({ status: "live" });
    expect((await signed(webhookBody("call_ended_user_hangup", ids))).status).toBe(200);
    expect((await signed(webhookBody("call_analyzed_booked", ids))).status).toBe(200);
    const ended = await callRow(claimed.callId);
    expect(ended).toMatchObject({
      status: "ended",
      result: "answered",
      outcome: "booked",
      provider_reason: "user_hangup",
      duration_seconds: 93,
      cost_cents: 12,
      agent_id: "oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD",
      recording_url: expect.stringContaining("recording.wav"),
      summary: "Ada agreed to a 15-minute call on Friday at 10:00.",
      transcript: expect.stringContaining("Friday at ten works."),
    });
    expect(ended.transcript_turns).toEqual([
      { role: "agent", text: "Hi Ada, this is Sam from Acme." },
      { role: "user", text: "Hi, yes?" },
      { role: "agent", text: "Could we book a short call on Friday?" },
      { role: "user", text: "Friday at ten works." },
    ]);
    expect(ended.analysis).toMatchObject({
      custom_analysis_data: { outcome: "booked" },
      call_successful: true,
    });
    expect((await leadRow(leadId)).status).toBe("booked");
    expect((await events(claimed.callId)).map((e) => [e.type, e.processed, e.error])).toEqual([
      ["call_started", true, null],
      ["call_ended", true, null],
      ["call_analyzed", true, null],
    ]);
  });

  it("rejects a tampered body, a wrong key, a stale timestamp and a missing header: 401, nothing written", async () => {
    const c = await dialing();
    const body = webhookBody("call_ended_dial_busy", c.ids);
    const before = await snapshot(c.callId, c.leadId);
    const good = await Retell.sign(body, fake.apiKey);
    const tampered = body.replace('"dial_busy"', '"user_hangup"');
    expect((await post(tampered, good)).status).toBe(401);
    expect((await post(body, await Retell.sign(body, "key_somebody_else"))).status).toBe(401);
    const stale = await symmetric.sign(body, fake.apiKey, Date.now() - 6 * 60_000);
    expect((await post(body, stale)).status).toBe(401);
    const future = await symmetric.sign(body, fake.apiKey, Date.now() + 6 * 60_000);
    expect((await post(body, future)).status).toBe(401);
    expect((await post(body)).status).toBe(401);
    expect((await post(body, "v=garbage")).status).toBe(401);
    expect(await snapshot(c.callId, c.leadId)).toEqual(before);
    // The same body, correctly signed, does go through: the rejections were about the signature.
    expect((await post(body, good)).status).toBe(200);
    expect(await callRow(c.callId)).toMatchObject({ status: "ended", result: "busy" });
  });

  it("a duplicate delivery is stored once and changes nothing the second time", async () => {
    const c = await dialing();
    const body = webhookBody("call_ended_dial_no_answer", c.ids);
    const first = await signed(body);
    expect(await first.json()).toEqual({ ok: true });
    const after = await snapshot(c.callId, c.leadId);
    const second = await signed(body);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ ok: true, duplicate: true });
    expect(await snapshot(c.callId, c.leadId)).toEqual(after);
    expect(await events(c.callId)).toHaveLength(1);
  });

  it("out of order: no call_started for an unanswered call, and call_analyzed before call_ended", async () => {
    const unanswered = await dialing();
    expect((await signed(webhookBody("call_ended_dial_no_answer", unanswered.ids))).status).toBe(200);
    expect(await callRow(unanswered.callId)).toMatchObject({
      status: "ended",
      result: "no_answer",
      started_at: null,
    });
    expect((await leadRow(unanswered.leadId)).status).toBe("pending");
    expect((await leadRow(unanswered.leadId)).next_attempt_at).not.toBeNull();
    expect((await signed(webhookBody("call_analyzed_dial_no_answer", unanswered.ids))).status).toBe(200);
    expect(await callRow(unanswered.callId)).toMatchObject({ result: "no_answer", outcome: "unknown" });
    expect((await leadRow(unanswered.leadId)).status).toBe("pending");

    const c = await dialing();
    expect((await signed(webhookBody("call_analyzed_booked", c.ids))).status).toBe(200);
    const analyzed = await callRow(c.callId);
    expect(analyzed).toMatchObject({ status: "ended", result: "answered", outcome: "booked" });
    expect((await leadRow(c.leadId)).status).toBe("booked");
    const lead = await leadRow(c.leadId);
    // The late call_ended and a late call_started are stored but change neither the call nor the lead.
    expect((await signed(webhookBody("call_ended_user_hangup", c.ids))).status).toBe(200);
    expect((await signed(webhookBody("call_started", c.ids))).status).toBe(200);
    const { updated_at: _a, ...callAfter } = await callRow(c.callId);
    const { updated_at: _b, ...callBefore } = analyzed;
    expect(callAfter).toEqual(callBefore);
    expect(await leadRow(c.leadId)).toEqual(lead);
    expect((await events(c.callId)).map((e) => e.type)).toEqual([
      "call_analyzed",
      "call_ended",
      "call_started",
    ]);
  });

  it("an organization's own key verifies its calls, and only its calls", async () => {
    const otherCampaign = await insertCampaign(db, otherOrgId, { voiceProvider: "retell" });
    const theirs = await dialing(otherOrgId, otherCampaign);
    expect((await signed(webhookBody("call_ended_dial_busy", theirs.ids), orgKey)).status).toBe(200);
    expect(await callRow(theirs.callId)).toMatchObject({ status: "ended", result: "busy" });

    // Signed with the other organization's key but naming a call of ours: refused, nothing written.
    const ours = await dialing();
    const before = await snapshot(ours.callId, ours.leadId);
    const forged = webhookBody("call_ended_user_hangup", { ...ours.ids, orgId: otherOrgId });
    expect((await signed(forged, orgKey)).status).toBe(401);
    // Claiming our organization does not help either: we have no key of our own, so theirs is not tried.
    expect((await signed(webhookBody("call_ended_user_hangup", ours.ids), orgKey)).status).toBe(401);
    // Nor by naming a call id nobody has, hoping the event is matched by Retell's id instead.
    const sideways = webhookBody("call_ended_user_hangup", {
      ...ours.ids,
      callId: "99999999-9999-4999-8999-999999999999",
      orgId: otherOrgId,
    });
    expect((await signed(sideways, orgKey)).status).toBe(200);
    const { events: _e, ...unchanged } = before;
    const { events: _f, ...now } = await snapshot(ours.callId, ours.leadId);
    expect(now).toEqual(unchanged);
  });

  it("an unknown end reason ends the call as failed, kept verbatim; other event types are stored only", async () => {
    const c = await dialing();
    const update = JSON.parse(webhookBody("call_started", c.ids));
    update.event = "transcript_updated";
    const before = await callRow(c.callId);
    expect((await signed(JSON.stringify(update))).status).toBe(200);
    expect(await callRow(c.callId)).toEqual(before);
    expect((await signed(webhookBody("call_ended_unknown_reason", c.ids))).status).toBe(200);
    expect(await callRow(c.callId)).toMatchObject({
      status: "ended",
      result: "failed",
      provider_reason: "quantum_tunnel_collapse",
    });
    expect((await events(c.callId)).map((e) => [e.type, e.processed, e.error])).toEqual([
      ["transcript_updated", true, null],
      ["call_ended", true, null],
    ]);
  });

  it("the reconciler asks Retell about an overdue call: still ringing waits, ended is recorded", async () => {
    const voice = createRetellVoice({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      account: "retell:env",
      concurrencyCap: 20,
    });
    // Deadlines in 2020, so no other call of this database is overdue at the reconciler's clock.
    const overdue = new Date("2020-01-01T00:00:00Z");
    const at = new Date("2020-01-01T00:01:00Z");
    const c = await insertClaimedCall(db, { orgId, campaignId, now: new Date(), deadlineAt: overdue });
    const { providerCallId } = await voice.startCall(
      startInput({ callId: c.callId, orgId, campaignId, leadId: c.leadId, toNumber: c.phone }),
    );
    await db.query("update public.calls set provider = 'retell', provider_call_id = $1 where id = $2", [
      providerCallId,
      c.callId,
    ]);
    await reconcileCalls({ db: db.db, now: at, voiceFor: () => voice, queue: recordingQueue() });
    const waiting = await callRow(c.callId);
    expect(waiting.status).toBe("dialing");
    expect(new Date(waiting.deadline_at as string).getTime()).toBeGreaterThan(at.getTime());

    fake.updateCall(providerCallId, {
      call_status: "not_connected",
      disconnection_reason: "dial_busy",
      end_timestamp: at.getTime(),
    });
    await db.query("update public.calls set deadline_at = $1 where id = $2", [
      overdue.toISOString(),
      c.callId,
    ]);
    await reconcileCalls({ db: db.db, now: at, voiceFor: () => voice, queue: recordingQueue() });
    expect(await callRow(c.callId)).toMatchObject({
      status: "ended",
      result: "busy",
      provider_reason: "dial_busy",
    });
    expect((await leadRow(c.leadId)).status).toBe("pending");
    expect(fake.violations).toEqual([]);
  });

  it("an event that fails to apply answers 500 and keeps its error; the redelivery applies it", async () => {
    const c = await dialing();
    const body = webhookBody("call_ended_dial_busy", c.ids);
    const restore = await refuseEnding(c.callId);
    try {
      const failed = await signed(body);
      expect(failed.status).toBe(500);
      expect(await callRow(c.callId)).toMatchObject({ status: "dialing" });
      expect(await events(c.callId)).toEqual([
        { type: "call_ended", error: "refused for the test", processed: true },
      ]);
    } finally {
      await restore();
    }
    const again = await signed(body);
    expect(again.status).toBe(200);
    expect(await callRow(c.callId)).toMatchObject({ status: "ended", result: "busy" });
    expect(await events(c.callId)).toEqual([{ type: "call_ended", error: null, processed: true }]);
    // Applied now: a third delivery is a plain duplicate.
    expect(await (await signed(body)).json()).toEqual({ ok: true, duplicate: true });
  });

  it("a failed event is queued to apply again, so it lands even when the provider never redelivers", async () => {
    const c = await dialing();
    const body = webhookBody("call_ended_dial_busy", c.ids);
    const restore = await refuseEnding(c.callId);
    let job: (typeof queue.jobs)[number] | undefined;
    try {
      expect((await signed(body)).status).toBe(500);
      job = queue.jobs.find((j) => j.job.type === "apply-webhook-event");
      expect(job?.options?.dedupeId).toMatch(/^apply-event:\d+$/);
      // The job runs while the outage lasts: it fails again (the queue retries), the row says why.
      await expect(handleJob({ job: job!.job, db: db.db, now: NOW, queue })).rejects.toThrow(/failed again/);
      expect(await callRow(c.callId)).toMatchObject({ status: "dialing" });
    } finally {
      await restore();
    }
    // A retry after the outage applies it, to the call it was authorized for; once more is a no-op.
    expect(await handleJob({ job: job!.job, db: db.db, now: NOW, queue })).toEqual({ applied: true });
    expect(await callRow(c.callId)).toMatchObject({ status: "ended", result: "busy" });
    expect(await events(c.callId)).toEqual([{ type: "call_ended", error: null, processed: true }]);
    expect(await handleJob({ job: job!.job, db: db.db, now: NOW, queue })).toEqual({ applied: false });
  });
});
