import Retell from "retell-sdk";
import { symmetric } from "retell-sdk/lib/webhook_auth";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/retell/route";
import { setDbHandle } from "@/lib/db";
import { setQueue } from "@/lib/integrations/queue";
import { simulatorVoice } from "@/lib/integrations/voice";
import { seededRng } from "@/lib/integrations/voice/simulator/plan";
import {
  clearSimulatedCalls,
  configureSimulator,
  SimulatorVoice,
  simulatorWebhookKey,
} from "@/lib/integrations/voice/simulator/simulator";
import type { CallReport, VoiceProvider } from "@/lib/integrations/voice/types";
import { reconcileCalls } from "@/lib/services/dialer/reconcile-calls";
import { recordCallReport } from "@/lib/services/dialer/record-call-report";
import {
  type ApplyingQueue,
  applyingQueue,
  insertCall,
  insertCampaign,
  insertClaimedCall,
  recordingQueue,
} from "../helpers/dialer-fixtures";
import { createOrgWithMembers } from "../helpers/fixtures";
import { steppedSchedule } from "../helpers/simulator-steps";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

// Thursday 10:00 in New York: inside the test campaigns' window (every day 08:00-21:00).
const NOW = new Date("2026-12-03T15:00:00Z");

describe.each(testDbKinds())("call outcomes (%s)", (kind) => {
  let db: TestDb;
  let orgId: string;
  let campaignId: string;

  beforeAll(async () => {
    db = await createTestDb(kind);
    setDbHandle(db);
    orgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
    campaignId = await insertCampaign(db, orgId);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    setQueue(undefined);
    configureSimulator({ deliver: null, schedule: null, rng: null, now: null });
    await db.destroy();
  });

  const lead = async (leadId: string) => {
    const [row] = await db.query<{ status: string; next_attempt_at: Date | null }>(
      "select status, next_attempt_at from public.leads where id = $1",
      [leadId],
    );
    if (!row) throw new Error("no lead");
    return row;
  };
  const call = async (callId: string) =>
    (await db.query<Record<string, unknown>>("select * from public.calls where id = $1", [callId]))[0]!;

  const report = (callId: string, over: Partial<CallReport>): CallReport => ({
    provider: "simulator",
    providerCallId: `sim_${callId}`,
    callId,
    event: "ended",
    at: NOW,
    endedAt: NOW,
    result: "no_answer",
    providerReason: "dial_no_answer",
    ...over,
  });
  /** Applies `report(callId, over)` as of `now` (NOW unless given). */
  const record = (callId: string, over: Partial<CallReport> = {}, queue = recordingQueue(), now = NOW) =>
    recordCallReport({ db: db.db, now, queue, report: report(callId, over) });
  const claimed = (over: Partial<Parameters<typeof insertClaimedCall>[1]> = {}) =>
    insertClaimedCall(db, { orgId, campaignId, now: NOW, ...over });
  /** A claimed call whose deadline passed a minute before NOW: the reconciler's business. */
  const overdue = (over: Partial<Parameters<typeof insertClaimedCall>[1]> = {}) =>
    claimed({ deadlineAt: new Date(NOW.getTime() - 60_000), ...over });

  it("no answer: retry after the policy delay, once; the same event twice changes nothing", async () => {
    const c = await claimed();
    const queue = recordingQueue();
    const first = await record(c.callId, {}, queue);
    expect(first).toEqual({ applied: true, callId: c.callId });
    expect(await lead(c.leadId)).toEqual({
      status: "pending",
      next_attempt_at: new Date("2026-12-03T19:00:00Z"),
    });
    // The freed slot refills at once, and the lead's follow-up email is decided by its own job.
    expect(queue.jobs).toEqual([
      { job: { type: "tick", campaignId }, options: { dedupeId: `refill:${c.callId}` } },
      {
        job: { type: "follow-up-call", callId: c.callId },
        options: { dedupeId: `follow-up:${c.callId}:end` },
      },
    ]);
    const before = [await call(c.callId), await lead(c.leadId)];
    const again = await recordCallReport({
      db: db.db,
      now: new Date(NOW.getTime() + 60_000),
      queue,
      report: report(c.callId, {}),
    });
    expect(again.applied).toBe(false);
    expect([await call(c.callId), await lead(c.leadId)]).toEqual(before);
    expect(queue.jobs).toHaveLength(2);
  });

  it("attempts run out: unreachable", async () => {
    const c = await claimed({ attempts: 3 });
    await record(c.callId);
    expect((await lead(c.leadId)).status).toBe("unreachable");
  });

  it("analyzed before ended: booked, and the late ended event changes nothing", async () => {
    const c = await claimed();
    const queue = recordingQueue();
    await record(
      c.callId,
      {
        event: "analyzed",
        result: "answered",
        providerReason: "user_hangup",
        outcome: "booked",
      },
      queue,
    );
    expect((await lead(c.leadId)).status).toBe("booked");
    const row = await call(c.callId);
    expect(row).toMatchObject({ status: "ended", result: "answered", outcome: "booked" });
    const ended = await record(c.callId, { result: "answered", providerReason: "user_hangup" }, queue);
    expect(ended.applied).toBe(false);
    expect(await call(c.callId)).toEqual(row);
  });

  it("ended then analyzed: the outcome decides the lead afterwards (callback clamped into the window)", async () => {
    const c = await claimed();
    const queue = recordingQueue();
    await record(c.callId, { event: "started", at: NOW }, queue);
    expect((await call(c.callId)).status).toBe("live");
    await record(c.callId, { result: "answered" }, queue);
    expect((await lead(c.leadId)).status).toBe("pending");
    await record(
      c.callId,
      {
        event: "analyzed",
        result: "answered",
        outcome: "callback",
        callbackAt: new Date("2026-12-04T03:00:00Z"), // 22:00 New York
      },
      queue,
    );
    expect(await lead(c.leadId)).toEqual({
      status: "callback",
      next_attempt_at: new Date("2026-12-04T13:00:00Z"),
    });
  });

  it("a late analysis of an earlier call leaves a lead that is being called again alone", async () => {
    const c = await claimed();
    await record(c.callId, { result: "voicemail", providerReason: "voicemail_reached" });
    // The retry is claimed and dialing before the first call's analysis arrives.
    await insertCall(db, {
      orgId,
      campaignId,
      leadId: c.leadId,
      attemptNo: 2,
      createdAt: NOW,
      status: "dialing",
    });
    await db.query(
      "update public.leads set status = 'calling', attempts = 2, next_attempt_at = null where id = $1",
      [c.leadId],
    );
    const late = await record(c.callId, {
      event: "analyzed",
      result: "voicemail",
      outcome: "callback",
      callbackAt: new Date("2026-12-03T18:00:00Z"),
    });
    expect(late.applied).toBe(true);
    expect(await call(c.callId)).toMatchObject({ outcome: "callback" });
    expect(await lead(c.leadId)).toEqual({ status: "calling", next_attempt_at: null });
  });

  it("a late analysis of an unanswered call does not decide the lead, except an opt-out", async () => {
    const c = await claimed();
    await record(c.callId, { result: "no_answer", providerReason: "dial_no_answer" });
    const retry = await lead(c.leadId);
    expect(retry.status).toBe("pending");
    // An analysis that claims a booking for a call nobody answered says nothing about the lead.
    await record(c.callId, { event: "analyzed", result: "no_answer", outcome: "booked" });
    expect(await lead(c.leadId)).toEqual(retry);
    expect(await call(c.callId)).toMatchObject({ result: "no_answer" });
    // A voicemail that carried an opt-out still puts the number on the list.
    const v = await claimed();
    await record(v.callId, { result: "voicemail", providerReason: "voicemail_reached" });
    await record(v.callId, { event: "analyzed", result: "voicemail", outcome: "do_not_call" });
    expect((await lead(v.leadId)).status).toBe("do_not_call");
  });

  it("an analysis that found nothing keeps the callback an in-call tool recorded, time and all", async () => {
    const c = await claimed();
    // What schedule_callback writes during the call: the outcome and the asked time (16:00 New York).
    await db.query("update public.calls set outcome = 'callback', callback_at = $2 where id = $1", [
      c.callId,
      "2026-12-03T21:00:00Z",
    ]);
    await record(c.callId, {
      event: "analyzed",
      result: "answered",
      outcome: "unknown",
      callbackAt: null,
      summary: "Lead asked to talk later.",
    });
    expect(await call(c.callId)).toMatchObject({ outcome: "callback", summary: "Lead asked to talk later." });
    expect(await lead(c.leadId)).toEqual({
      status: "callback",
      next_attempt_at: new Date("2026-12-03T21:00:00Z"),
    });
  });

  it("an analysis that agrees with the booking an in-call tool recorded still brings its summary", async () => {
    const c = await claimed();
    // What book_appointment writes during the call.
    await db.query("update public.calls set outcome = 'booked' where id = $1", [c.callId]);
    await record(c.callId, { result: "answered", providerReason: "agent_hangup" });
    await record(c.callId, {
      event: "analyzed",
      result: "answered",
      outcome: "booked",
      summary: "The lead booked a demo for Thursday.",
      analysis: { call_summary: "The lead booked a demo for Thursday." },
    });
    expect(await call(c.callId)).toMatchObject({
      outcome: "booked",
      summary: "The lead booked a demo for Thursday.",
    });
  });

  it("a do-not-call request puts the number on the list", async () => {
    const c = await claimed();
    await record(c.callId, { event: "analyzed", result: "answered", outcome: "do_not_call" });
    expect((await lead(c.leadId)).status).toBe("do_not_call");
    const dnc = await db.query<{ source: string }>(
      "select source from public.do_not_call where org_id = $1 and phone = $2",
      [orgId, c.phone],
    );
    expect(dnc).toEqual([{ source: "call" }]);
  });

  it("reconciler: a call the provider has no record of is closed as failed and its slot freed", async () => {
    clearSimulatedCalls();
    const c = await overdue({ providerCallId: "sim_forgotten" });
    const queue = recordingQueue();
    const summary = await reconcileCalls({ db: db.db, now: NOW, voiceFor: simulatorVoice, queue });
    expect(summary.closed).toBeGreaterThanOrEqual(1);
    expect(await call(c.callId)).toMatchObject({
      status: "ended",
      result: "failed",
      error: "provider has no record of the call",
    });
    expect((await lead(c.leadId)).status).toBe("pending");
    expect(queue.jobs.some((j) => j.options?.dedupeId === `refill:${c.callId}`)).toBe(true);
  });

  it("reconciler: a call that ends while the provider is asked keeps its result and no error", async () => {
    const c = await overdue({ providerCallId: "sim_racing" });
    // The provider's answer is lost, but the call's ended event lands meanwhile.
    const racing = (): VoiceProvider => ({
      ...simulatorVoice(),
      getCall: async () => {
        await record(c.callId, { result: "answered", providerReason: "user_hangup" });
        return null;
      },
    });
    await reconcileCalls({ db: db.db, now: NOW, voiceFor: racing, queue: recordingQueue() });
    expect(await call(c.callId)).toMatchObject({ status: "ended", result: "answered", error: null });
  });

  it("failure breaker: pauses the campaign when the last calls mostly failed", async () => {
    const breakerCampaign = await insertCampaign(db, orgId, { breakerWindow: 3 });
    for (let i = 0; i < 3; i++) {
      const c = await claimed({ campaignId: breakerCampaign });
      await record(c.callId, { result: "failed", providerReason: "dial_failed" });
    }
    const [row] = await db.query<{ status: string; paused_reason: string | null }>(
      "select status, paused_reason from public.campaigns where id = $1",
      [breakerCampaign],
    );
    expect(row?.status).toBe("paused");
    expect(row?.paused_reason).toMatch(/3 of the last 3 calls failed/);
  });

  it("reconciler: a lost dispatch is re-enqueued once, then closed", async () => {
    const c = await overdue({ status: "queued" });
    const queue = recordingQueue();
    await reconcileCalls({ db: db.db, now: NOW, voiceFor: simulatorVoice, queue });
    expect(queue.jobs).toContainEqual({
      job: { type: "dispatch-call", callId: c.callId },
      options: { dedupeId: `redispatch:${c.callId}` },
    });
    expect((await call(c.callId)).status).toBe("queued");
    const later = new Date(NOW.getTime() + 11 * 60_000);
    await reconcileCalls({ db: db.db, now: later, voiceFor: simulatorVoice, queue });
    expect(await call(c.callId)).toMatchObject({
      status: "ended",
      result: "failed",
      error: "dispatch never completed",
    });
  });

  describe("webhook route", () => {
    let queue: ApplyingQueue;
    beforeEach(() => {
      queue = applyingQueue(db.db, NOW);
      setQueue(queue);
    });
    const counts = async () =>
      (
        await db.query<{ events: number; ended: number }>(
          `select (select count(*)::int from public.webhook_events) as events,
                  (select count(*)::int from public.calls where status = 'ended') as ended`,
        )
      )[0]!;
    /** A delivery only: the route stores the event and queues its application. */
    const deliver = (body: string, signature?: string) =>
      POST(
        new Request("http://127.0.0.1/api/webhooks/retell", {
          method: "POST",
          headers: signature ? { "x-retell-signature": signature } : {},
          body,
        }),
      );
    /** A delivery, then its application (the queued job run to the end). */
    const post = async (body: string, signature?: string) => {
      const response = await deliver(body, signature);
      await queue.drain();
      return response;
    };
    const endedBody = (callId: string) =>
      JSON.stringify({
        event: "call_ended",
        call: {
          call_id: `sim_${callId}`,
          metadata: { call_id: callId },
          disconnection_reason: "dial_busy",
          end_timestamp: Date.now(),
        },
      });

    it("rejects bad signatures with 401 and writes nothing", async () => {
      const c = await claimed({ now: new Date() });
      const body = endedBody(c.callId);
      const key = simulatorWebhookKey();
      const before = await counts();
      const good = await Retell.sign(body, key);
      expect((await post(`${body} `, good)).status).toBe(401); // tampered
      expect((await post(body, await Retell.sign(body, "wrong-key"))).status).toBe(401);
      expect((await post(body, await symmetric.sign(body, key, Date.now() - 6 * 60_000))).status).toBe(401);
      expect((await post(body)).status).toBe(401);
      expect(await counts()).toEqual(before);
      expect((await call(c.callId)).status).toBe("dialing");
    });

    it("stores a duplicate delivery once and applies it once", async () => {
      const c = await claimed({ now: new Date() });
      const body = endedBody(c.callId);
      const key = simulatorWebhookKey();
      const first = await post(body, await Retell.sign(body, key));
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({ ok: true });
      const second = await post(body, await Retell.sign(body, key));
      expect(await second.json()).toEqual({ ok: true, duplicate: true });
      const events = await db.query<{ n: number; processed: number }>(
        "select count(*)::int as n, count(processed_at)::int as processed from public.webhook_events where call_id = $1",
        [c.callId],
      );
      expect(events).toEqual([{ n: 1, processed: 1 }]);
      expect(await call(c.callId)).toMatchObject({ status: "ended", result: "busy" });
      expect(
        (await db.query("select 1 from public.calls where id = $1 and status = 'ended'", [c.callId])).length,
      ).toBe(1);
      expect((await post("{not json", await Retell.sign("{not json", key))).status).toBe(422);
    });

    it("a signed event with an impossible number is 422 naming the field, kept for inspection, the call untouched", async () => {
      const c = await claimed({ now: NOW });
      const body = JSON.stringify({
        event: "call_ended",
        call: {
          call_id: `sim_${c.callId}`,
          metadata: { call_id: c.callId },
          disconnection_reason: "user_hangup",
          start_timestamp: 1e20,
          end_timestamp: NOW.getTime(),
        },
      });
      const key = simulatorWebhookKey();
      const res = await post(body, await Retell.sign(body, key));
      expect(res.status).toBe(422);
      expect((await res.json()).error).toContain("call.start_timestamp: must be a time before 2100");
      // Redelivered (Retell retries a 422): refused again, kept once.
      expect((await post(body, await Retell.sign(body, key))).status).toBe(422);
      const kept = await db.query<{ type: string; error: string; call_id: string | null }>(
        "select type, error, call_id from public.webhook_events where payload -> 'call' ->> 'call_id' = $1",
        [`sim_${c.callId}`],
      );
      expect(kept).toEqual([
        { type: "rejected", error: expect.stringContaining("call.start_timestamp"), call_id: null },
      ]);
      expect(await call(c.callId)).toMatchObject({ status: "dialing" });
    });

    it("simulator round trip: its signed webhooks go through the route and end the call", async () => {
      const steps = steppedSchedule();
      configureSimulator({
        rng: seededRng(11),
        schedule: steps.schedule,
        deliver: async ({ body, signature }) => {
          const res = await post(body, signature);
          expect(res.status).toBe(200);
        },
      });
      const voice = new SimulatorVoice({
        mix: { answered: 1, no_answer: 0, voicemail: 0, busy: 0, failed: 0 },
      });
      const c = await claimed({ now: new Date() });
      const { providerCallId } = await voice.startCall({
        callId: c.callId,
        orgId,
        campaignId,
        leadId: c.leadId,
        toNumber: c.phone,
        fromNumber: null,
        agentId: null,
        variables: {},
      });
      await db.query("update public.calls set provider_call_id = $1 where id = $2", [
        providerCallId,
        c.callId,
      ]);
      await steps.runAll();
      const row = await call(c.callId);
      expect(row).toMatchObject({ status: "ended", result: "answered", provider_reason: expect.any(String) });
      expect(row.outcome).not.toBeNull();
      const types = await db.query<{ type: string }>(
        "select type from public.webhook_events where call_id = $1 order by id",
        [c.callId],
      );
      expect(types.map((t) => t.type)).toEqual(["call_started", "call_ended", "call_analyzed"]);
    });
  });
});
