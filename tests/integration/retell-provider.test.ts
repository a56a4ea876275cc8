import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setQueue } from "@/lib/integrations/queue";
import { createRetellVoice } from "@/lib/integrations/voice/retell/retell-voice";
import { type RetellFake, startRetellFake } from "../fakes/retell-fake";
import {
  type ApplyingQueue,
  applyingQueue,
  insertCampaign,
  insertClaimedCall,
} from "../helpers/dialer-fixtures";
import { createOrgWithMembers } from "../helpers/fixtures";
import { type TestDb, testDbKinds } from "../helpers/test-db";
import { closeVoiceDb, openVoiceDb, recordingRunTool, webhookRows } from "../helpers/voice-contract/driver";
import {
  retell,
  retellLiveCall,
  retellStartInput,
  retellWebhookBody,
} from "../helpers/voice-contract/retell";

/*
 * What only Retell does. What every provider promises (creating calls, refusals, get-call,
 * verified webhooks, duplicates, order, the reconciler, in-call tools) is in
 * voice-provider-contract.test.ts and voice-tools-contract.test.ts, run against Retell there.
 */

// Thursday 10:00 in New York: inside the test campaigns' window (every day 08:00-21:00).
const NOW = new Date("2026-12-03T15:00:00Z");

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

  it("without an agent, the number's bound agent is used (no override sent)", async () => {
    await voice().startCall(retellStartInput({ agentId: null }));
    expect(fake.violations).toEqual([]);
    expect(creates()[0]?.body).not.toHaveProperty("override_agent_id");
  });

  it("getCall: a later analysis reads as analyzed; a call that never connected ends with no start", async () => {
    const v = voice();
    const { providerCallId } = await v.startCall(retellStartInput());
    fake.updateCall(providerCallId, {
      call_status: "ended",
      start_timestamp: NOW.getTime(),
      end_timestamp: NOW.getTime() + 61_000,
      duration_ms: 61_000,
      disconnection_reason: "agent_hangup",
      call_analysis: {
        call_summary: "Asked to call back",
        custom_analysis_data: { outcome: "not_interested" },
      },
    });
    expect(await v.getCall(providerCallId)).toMatchObject({
      state: "ended",
      report: { event: "analyzed", outcome: "not_interested" },
    });
    const second = await v.startCall(retellStartInput());
    fake.updateCall(second.providerCallId, {
      call_status: "not_connected",
      disconnection_reason: "dial_no_answer",
      end_timestamp: NOW.getTime(),
    });
    expect(await v.getCall(second.providerCallId)).toMatchObject({
      state: "ended",
      report: { result: "no_answer", startedAt: null },
    });
    expect(fake.violations).toEqual([]);
  });
});

describe.each(testDbKinds())("Retell on %s", (kind) => {
  let db: TestDb;
  let rows: ReturnType<typeof webhookRows>;
  let orgId: string;
  let campaignId: string;
  const envKey = retell.newKey("env");
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.RETELL_API_KEY = envKey;
    delete process.env.SIMULATOR_WEBHOOK_KEY;
    db = await openVoiceDb(kind);
    rows = webhookRows(db);
    orgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
    campaignId = await insertCampaign(db, orgId, { voiceProvider: "retell", ...retell.campaign });
  });
  afterAll(() => closeVoiceDb(db, saved));
  let queue: ApplyingQueue;
  beforeEach(() => {
    queue = applyingQueue(db.db, NOW);
    setQueue(queue);
  });

  // The route reads the clock at its edge (as in production), so these are signed at the real time.
  // Each delivery is then applied: the route only stores it and queues its job.
  const signed = async (body: string) => {
    const response = await retell.postWebhook(body, await retell.sign(body, envKey, new Date()));
    await queue.drain();
    return response;
  };
  /** A Retell call in flight for one of our leads (claimed, dialing or live, provider id known). */
  const ourCall = async (status: "dialing" | "live" = "dialing") => {
    const c = await insertClaimedCall(db, { orgId, campaignId, status, now: NOW });
    const providerCallId = retell.newProviderCallId();
    await db.query("update public.calls set provider = 'retell', provider_call_id = $1 where id = $2", [
      providerCallId,
      c.callId,
    ]);
    return { ...c, providerCallId, ids: { providerCallId, callId: c.callId, orgId } };
  };

  it("an unanswered call sends no call_started, and its late analysis leaves the lead to its retry", async () => {
    const unanswered = await ourCall();
    expect((await signed(retellWebhookBody("call_ended_dial_no_answer", unanswered.ids))).status).toBe(200);
    expect(await rows.callRow(unanswered.callId)).toMatchObject({
      status: "ended",
      result: "no_answer",
      started_at: null,
    });
    expect((await rows.leadRow(unanswered.leadId)).status).toBe("pending");
    expect((await rows.leadRow(unanswered.leadId)).next_attempt_at).not.toBeNull();
    expect((await signed(retellWebhookBody("call_analyzed_dial_no_answer", unanswered.ids))).status).toBe(
      200,
    );
    expect(await rows.callRow(unanswered.callId)).toMatchObject({ result: "no_answer", outcome: "unknown" });
    expect((await rows.leadRow(unanswered.leadId)).status).toBe("pending");
  });

  it("other event types (a transcript update) are stored and change nothing", async () => {
    const c = await ourCall();
    const update = JSON.parse(retellWebhookBody("call_started", c.ids));
    update.event = "transcript_updated";
    const before = await rows.callRow(c.callId);
    expect((await signed(JSON.stringify(update))).status).toBe(200);
    expect(await rows.callRow(c.callId)).toEqual(before);
    expect((await rows.events(c.callId)).map((e) => [e.type, e.processed, e.error])).toEqual([
      ["transcript_updated", true, null],
    ]);
  });

  it("a custom function with args_at_root has its arguments read beside name and call", async () => {
    const c = await ourCall("live");
    const tools = recordingRunTool();
    const body = JSON.stringify({
      name: "schedule_callback",
      call: retellLiveCall(c.ids),
      at: "tomorrow 9am",
      note: "busy",
    });
    // retell-sdk's `Retell.verify` judges the signature by the wall clock: signed at the real time.
    const proof = await retell.sign(body, envKey, new Date());
    await retell.acceptTool({ db, rawBody: body, proof, envKey, now: NOW, run: tools.run });
    expect(tools.requests[0]?.args).toEqual({ at: "tomorrow 9am", note: "busy" });
  });
});
