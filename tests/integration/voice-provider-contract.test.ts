import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { setQueue } from "@/lib/integrations/queue";
import { VoiceError } from "@/lib/integrations/voice/types";
import { claimCalls } from "@/lib/services/dialer/claim-calls";
import { dispatchCall } from "@/lib/services/dialer/dispatch-call";
import { reconcileCalls } from "@/lib/services/dialer/reconcile-calls";
import { handleJob } from "@/lib/services/jobs/handle-job";
import {
  type ApplyingQueue,
  applyingQueue,
  insertCampaign,
  insertClaimedCall,
  insertLead,
  recordingQueue,
} from "../helpers/dialer-fixtures";
import { createOrgWithMembers } from "../helpers/fixtures";
import { type TestDb, testDbKinds } from "../helpers/test-db";
import {
  closeVoiceDb,
  openVoiceDb,
  type ProviderFake,
  rejection,
  type VoiceDriver,
  webhookRows,
} from "../helpers/voice-contract/driver";
import { retell } from "../helpers/voice-contract/retell";
import { vapi } from "../helpers/voice-contract/vapi";

/*
 * What every voice provider adapter and its webhooks promise, run against Retell and Vapi alike
 * (each through its contract fake, signing and documented payloads). What only one provider does
 * is tested in its own file: retell-provider.test.ts, vapi-provider.test.ts.
 */

// Thursday 10:00 in New York: inside the test campaigns' window (every day 08:00-21:00).
const NOW = new Date("2026-12-03T15:00:00Z");
const DRIVERS: [string, VoiceDriver][] = [retell, vapi].map((d) => [d.label, d]);

/**
 * The webhook routes read the wall clock at their edge, as in production, and judge a signature's
 * timestamp by it: requests to them are signed at the real time.
 */
const routeClock = () => new Date();

describe.each(DRIVERS)("%s adapter against its contract fake", (_label, driver) => {
  let fake: ProviderFake;
  const voice = () => driver.voice(fake);
  const creates = () => driver.creates(fake);

  beforeEach(async () => {
    fake = await driver.startFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it("creates the call with the campaign's agent and caller id, the variables and our ids", async () => {
    const { providerCallId } = await voice().startCall(driver.startInput());
    expect(fake.violations).toEqual([]);
    expect(creates()).toHaveLength(1);
    expect(creates()[0]?.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(creates()[0]?.body).toEqual(driver.createBody);
    expect(driver.createdStatus(fake, providerCallId)).toBe(driver.createdStatusExpected);
  });

  it("a campaign without a caller id is refused before the provider is asked", async () => {
    const e = await rejection(voice().startCall(driver.startInput({ fromNumber: null })));
    expect(e).toBeInstanceOf(VoiceError);
    expect(e).toMatchObject({ kind: "rejected", message: expect.stringMatching(driver.noCallerId) });
    expect(fake.requests).toHaveLength(0);
  });

  it("a 500 is not retried: the provider sees one request (a retry could place a second real call)", async () => {
    fake.failCreate(500, "upstream failure", 5);
    const e = await rejection(voice().startCall(driver.startInput()));
    expect(e).toMatchObject({ kind: "transient" });
    expect(creates()).toHaveLength(1);
  });

  it.each(driver.failures)(
    "HTTP %i (%s) is a refusal of kind %o, asked exactly once",
    async (status, message, refusal) => {
      fake.failCreate(status, message);
      const e = await rejection(voice().startCall(driver.startInput()));
      expect(e).toBeInstanceOf(VoiceError);
      expect(e).toMatchObject(refusal);
      // SDK retries off: a retried create could place a second real call.
      expect(creates()).toHaveLength(1);
    },
  );

  it("a wrong API key is refused by the fake's Bearer check and reads as auth", async () => {
    const wrong = driver.voice(fake, { apiKey: "not_the_key" });
    expect(await rejection(wrong.startCall(driver.startInput()))).toMatchObject({ kind: "auth" });
    expect(fake.violations).toHaveLength(1);
  });

  it("an unreachable provider is transient", async () => {
    const v = voice();
    await fake.close();
    expect(await rejection(v.startCall(driver.startInput()))).toMatchObject({ kind: "transient" });
    fake = await driver.startFake();
  });

  it("get-call: a new call is pending, then ongoing, then ended with its report; an unknown id is null", async () => {
    const v = voice();
    const { providerCallId } = await v.startCall(driver.startInput());
    expect(await v.getCall(providerCallId)).toEqual({ state: "pending" });
    driver.getCall.ongoing(fake, providerCallId);
    expect(await v.getCall(providerCallId)).toEqual({ state: "ongoing" });
    driver.getCall.ended(fake, providerCallId);
    expect(await v.getCall(providerCallId)).toEqual({
      state: "ended",
      report: expect.objectContaining(driver.getCall.endedReport(providerCallId)),
    });
    expect(await v.getCall(driver.getCall.unknownId)).toBeNull();
    expect(fake.violations).toEqual([]);
  });
});

describe.each(testDbKinds())("voice provider webhooks on %s", (kind) => {
  let db: TestDb;
  let rows: ReturnType<typeof webhookRows>;
  const saved = { ...process.env };

  beforeAll(async () => {
    // Retell webhooks would also verify with the simulator's key; none here.
    delete process.env.SIMULATOR_WEBHOOK_KEY;
    db = await openVoiceDb(kind);
    rows = webhookRows(db);
  });
  afterAll(() => closeVoiceDb(db, saved));

  describe.each(DRIVERS)("%s", (_label, driver) => {
    let fake: ProviderFake;
    let orgId: string;
    let otherOrgId: string;
    let campaignId: string;
    const envKey = driver.newKey("env");
    const orgKey = driver.newKey("org");
    let queue: ApplyingQueue;

    beforeAll(async () => {
      fake = await driver.startFake(driver.envKeyIsApiKey ? { apiKey: envKey } : {});
      process.env[driver.envVar] = envKey;
      resetEnvCache();
      orgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
      otherOrgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
      campaignId = await insertCampaign(db, orgId, { voiceProvider: driver.name, ...driver.campaign });
      // The other organization brings its own account, whose key signs for its calls.
      await driver.storeOrgKey(db, otherOrgId, orgKey);
    });
    afterAll(async () => {
      await fake.close();
    });
    beforeEach(() => {
      queue = applyingQueue(db.db, NOW);
      setQueue(queue);
    });

    /** A delivery, then its application: the route only stores the event and queues its job. */
    const post = async (body: string, proof?: Record<string, string>) => {
      const response = await driver.postWebhook(body, proof);
      await queue.drain();
      return response;
    };
    const signed = async (body: string, key = envKey) =>
      post(body, await driver.sign(body, key, routeClock()));
    /** A call of ours in flight at this provider (claimed, dialing, provider id known). */
    const dialing = async (org = orgId, campaign = campaignId) => {
      const c = await insertClaimedCall(db, { orgId: org, campaignId: campaign, now: NOW });
      const providerCallId = driver.newProviderCallId();
      await db.query("update public.calls set provider = $1, provider_call_id = $2 where id = $3", [
        driver.name,
        providerCallId,
        c.callId,
      ]);
      return { ...c, providerCallId, ids: { providerCallId, callId: c.callId, orgId: org } };
    };
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
    const named = async (callId: string) =>
      (await rows.events(callId)).map((e) => [driver.eventName(e), e.processed, e.error]);

    it("dispatches through the real services and follows the provider's events to a booked lead", async () => {
      const leadId = await insertLead(db, orgId, campaignId, {
        firstName: "Grace",
        customFields: { plan: "Pro", seats: "12" },
      });
      const [claimed] = await claimCalls({ db: db.db, campaignId, now: NOW, account: driver.account });
      if (!claimed) throw new Error("nothing claimed");
      expect(claimed.leadId).toBe(leadId);
      const result = await dispatchCall({
        db: db.db,
        callId: claimed.callId,
        now: NOW,
        voiceFor: () => driver.voice(fake),
      });
      expect(result).toEqual({ status: "dialing" });
      expect(fake.violations).toEqual([]);
      const { variables, metadata } = driver.bookedCall.dispatched(fake);
      expect(variables).toMatchObject({
        first_name: "Grace",
        plan: "Pro",
        seats: "12",
        timezone: "America/New_York",
        today: "2026-12-03",
        local_time: "10:00",
      });
      expect(metadata).toEqual({
        call_id: claimed.callId,
        org_id: orgId,
        campaign_id: campaignId,
        lead_id: leadId,
      });
      const providerCallId = [...fake.calls.keys()].at(-1) as string;
      expect(await rows.callRow(claimed.callId)).toMatchObject({
        status: "dialing",
        provider: driver.name,
        provider_call_id: providerCallId,
      });

      const ids = { providerCallId, callId: claimed.callId, orgId, campaignId, leadId };
      for (const [fixture, after] of driver.bookedCall.events) {
        expect((await signed(driver.body(fixture, ids))).status, fixture).toBe(200);
        if (after) expect(await rows.callRow(claimed.callId), fixture).toMatchObject(after);
      }
      const ended = await rows.callRow(claimed.callId);
      expect(ended).toMatchObject(driver.bookedCall.call);
      expect(ended.transcript_turns).toEqual(driver.bookedCall.turns);
      expect(ended.analysis).toMatchObject(driver.bookedCall.analysis);
      expect((await rows.leadRow(leadId)).status).toBe("booked");
      expect(await named(claimed.callId)).toEqual(
        driver.bookedCall.stored(providerCallId).map((name) => [name, true, null]),
      );
    });

    it("a tampered body, a wrong key, a stale or future time, missing or garbled proof: 401, nothing written", async () => {
      const c = await dialing();
      const body = driver.body(driver.fixtures.busy, c.ids);
      const before = await rows.snapshot(c.callId, c.leadId);
      const good = await driver.sign(body, envKey, routeClock());
      const tampered = await post(driver.tamper(body), good);
      expect(tampered.status).toBe(401);
      expect(await tampered.json()).toEqual(driver.refusal);
      for (const proof of await driver.badProofs(body, envKey, routeClock())) {
        expect((await post(body, proof)).status, JSON.stringify(proof)).toBe(401);
      }
      expect(await rows.snapshot(c.callId, c.leadId)).toEqual(before);
      // The same body, correctly signed, does go through: the refusals were about the proof.
      expect((await post(body, good)).status).toBe(200);
      expect(await rows.callRow(c.callId)).toMatchObject({ status: "ended", result: "busy" });
    });

    it("a duplicate delivery is stored once and changes nothing the second time", async () => {
      const c = await dialing();
      const body = driver.body(driver.fixtures.noAnswer, c.ids);
      const first = await signed(body);
      expect(await first.json()).toEqual({ ok: true });
      const after = await rows.snapshot(c.callId, c.leadId);
      expect(after.lead.status).toBe("pending");
      const second = await signed(body);
      expect(second.status).toBe(200);
      expect(await second.json()).toEqual({ ok: true, duplicate: true });
      expect(await rows.snapshot(c.callId, c.leadId)).toEqual(after);
      expect(await named(c.callId)).toEqual([[driver.endedEvent(c.providerCallId), true, null]]);
    });

    it("the final report alone ends the call; earlier events arriving late change nothing", async () => {
      const { fixture, call, times, leadStatus, late, stored } = driver.finalFirst;
      const c = await dialing();
      expect((await signed(driver.body(fixture, c.ids))).status).toBe(200);
      const analyzed = await rows.callRow(c.callId);
      expect(analyzed).toMatchObject(call);
      for (const [column, iso] of Object.entries(times)) {
        expect(new Date(analyzed[column] as string).toISOString(), column).toBe(iso);
      }
      const lead = await rows.leadRow(c.leadId);
      expect(lead.status).toBe(leadStatus);
      for (const fixture of late)
        expect((await signed(driver.body(fixture, c.ids))).status, fixture).toBe(200);
      const { updated_at: _a, ...callAfter } = await rows.callRow(c.callId);
      const { updated_at: _b, ...callBefore } = analyzed;
      expect(callAfter).toEqual(callBefore);
      expect(await rows.leadRow(c.leadId)).toEqual(lead);
      expect(await named(c.callId)).toEqual(stored(c.providerCallId).map((name) => [name, true, null]));
    });

    it("a do-not-call outcome puts the number on the do-not-call list", async () => {
      const c = await dialing();
      expect((await signed(driver.doNotCallBody(c.ids))).status).toBe(200);
      expect((await rows.leadRow(c.leadId)).status).toBe("do_not_call");
      const [dnc] = await db.query<{ n: number }>(
        "select count(*)::int as n from public.do_not_call where org_id = $1 and phone = $2",
        [orgId, c.phone],
      );
      expect(dnc?.n).toBe(1);
    });

    it("an unknown end reason ends the call as failed, kept verbatim; a body not the provider's is 422, kept for inspection", async () => {
      const c = await dialing();
      expect((await signed(driver.body(driver.fixtures.unknownReason, c.ids))).status).toBe(200);
      expect(await rows.callRow(c.callId)).toMatchObject({
        status: "ended",
        result: "failed",
        provider_reason: driver.unknownReason,
      });
      expect(await named(c.callId)).toEqual([[driver.endedEvent(c.providerCallId), true, null]]);
      const count = await rows.eventCount();
      expect((await signed(driver.foreignBody)).status).toBe(422);
      expect((await signed("not json")).status).toBe(422);
      // Each refused body is kept once, as 'rejected', for someone to look at; a redelivery adds nothing.
      expect((await signed("not json")).status).toBe(422);
      expect(await rows.eventCount()).toBe((count ?? 0) + 2);
    });

    it("an organization's own key verifies its calls, and only its calls", async () => {
      const otherCampaign = await insertCampaign(db, otherOrgId, { voiceProvider: driver.name });
      const theirs = await dialing(otherOrgId, otherCampaign);
      expect((await signed(driver.body(driver.fixtures.busy, theirs.ids), orgKey)).status).toBe(200);
      expect(await rows.callRow(theirs.callId)).toMatchObject({ status: "ended", result: "busy" });

      // Signed with the other organization's key but naming a call of ours: refused, nothing written.
      const ours = await dialing();
      const before = await rows.snapshot(ours.callId, ours.leadId);
      const forged = driver.body(driver.fixtures.booked, { ...ours.ids, orgId: otherOrgId });
      expect((await signed(forged, orgKey)).status).toBe(401);
      // Claiming our organization does not help: we have no key of our own, so theirs is not tried.
      expect((await signed(driver.body(driver.fixtures.booked, ours.ids), orgKey)).status).toBe(401);
      expect(await rows.snapshot(ours.callId, ours.leadId)).toEqual(before);
      // Nor does naming a call id nobody has with our provider call id: refused, nothing stored, so
      // it cannot claim the event key of our genuine delivery.
      const sideways = driver.body(driver.fixtures.busy, {
        ...ours.ids,
        callId: "99999999-9999-4999-8999-999999999999",
        orgId: otherOrgId,
      });
      expect((await signed(sideways, orgKey)).status).toBe(401);
      expect(await rows.snapshot(ours.callId, ours.leadId)).toEqual(before);
      // Our provider's genuine report of the same event is then applied, not taken for a duplicate.
      const genuine = await signed(driver.body(driver.fixtures.busy, ours.ids));
      expect(await genuine.json()).toEqual({ ok: true });
      expect(await rows.callRow(ours.callId)).toMatchObject({ status: "ended", result: "busy" });
    });

    it("the reconciler asks the provider about an overdue call: still waiting waits, ended is recorded", async () => {
      const voice = driver.voice(fake);
      // Deadlines in 2020, so no other call of this database is overdue at the reconciler's clock.
      const overdue = new Date("2020-01-01T00:00:00Z");
      const at = new Date("2020-01-01T00:01:00Z");
      const c = await insertClaimedCall(db, { orgId, campaignId, now: NOW, deadlineAt: overdue });
      const { providerCallId } = await voice.startCall(
        driver.startInput({ callId: c.callId, orgId, campaignId, leadId: c.leadId, toNumber: c.phone }),
      );
      await db.query("update public.calls set provider = $1, provider_call_id = $2 where id = $3", [
        driver.name,
        providerCallId,
        c.callId,
      ]);
      await reconcileCalls({ db: db.db, now: at, voiceFor: () => voice, queue: recordingQueue() });
      const waiting = await rows.callRow(c.callId);
      expect(waiting.status).toBe("dialing");
      expect(new Date(waiting.deadline_at as string).getTime()).toBeGreaterThan(at.getTime());

      driver.endBusy(fake, providerCallId, at);
      await db.query("update public.calls set deadline_at = $1 where id = $2", [
        overdue.toISOString(),
        c.callId,
      ]);
      await reconcileCalls({ db: db.db, now: at, voiceFor: () => voice, queue: recordingQueue() });
      expect(await rows.callRow(c.callId)).toMatchObject({
        status: "ended",
        result: "busy",
        provider_reason: driver.busyReason,
      });
      expect((await rows.leadRow(c.leadId)).status).toBe("pending");
      expect(fake.violations).toEqual([]);
    });

    it("an event that fails to apply keeps its error; a redelivery queues it again and it is applied", async () => {
      const c = await dialing();
      const body = driver.body(driver.fixtures.busy, c.ids);
      const restore = await refuseEnding(c.callId);
      try {
        const stored = await driver.postWebhook(body, await driver.sign(body, envKey, routeClock()));
        // Stored and answered: applying is the job's work, and its failure is the queue's to retry.
        expect(stored.status).toBe(200);
        await expect(queue.drain()).rejects.toThrow(/failed to apply: refused for the test/);
        expect(await rows.callRow(c.callId)).toMatchObject({ status: "dialing" });
        expect(await named(c.callId)).toEqual([
          [driver.endedEvent(c.providerCallId), true, "refused for the test"],
        ]);
      } finally {
        await restore();
      }
      const again = await signed(body);
      expect(await again.json()).toEqual({ ok: true, duplicate: true });
      expect(await rows.callRow(c.callId)).toMatchObject({ status: "ended", result: "busy" });
      expect(await named(c.callId)).toEqual([[driver.endedEvent(c.providerCallId), true, null]]);
      // Applied now: a third delivery is a plain duplicate and queues nothing.
      const jobs = queue.jobs.length;
      expect(await (await signed(body)).json()).toEqual({ ok: true, duplicate: true });
      expect(queue.jobs).toHaveLength(jobs);
    });

    it("a failed application is retried by the queue, so it lands even when the provider never redelivers", async () => {
      const c = await dialing();
      const body = driver.body(driver.fixtures.busy, c.ids);
      const restore = await refuseEnding(c.callId);
      let job: (typeof queue.jobs)[number] | undefined;
      try {
        expect((await driver.postWebhook(body, await driver.sign(body, envKey, routeClock()))).status).toBe(
          200,
        );
        job = queue.jobs.find((j) => j.job.type === "apply-webhook-event");
        expect(job?.options?.dedupeId).toMatch(/^apply-event:\d+$/);
        queue.pending.length = 0;
        // The job runs while the outage lasts: it fails (the queue retries), the row says why.
        await expect(handleJob({ job: job!.job, db: db.db, now: NOW, queue })).rejects.toThrow(
          /failed to apply/,
        );
        expect(await rows.callRow(c.callId)).toMatchObject({ status: "dialing" });
      } finally {
        await restore();
      }
      // A retry after the outage applies it, to the call it was authorized for; once more is a no-op.
      expect(await handleJob({ job: job!.job, db: db.db, now: NOW, queue })).toEqual({ applied: true });
      expect(await rows.callRow(c.callId)).toMatchObject({ status: "ended", result: "busy" });
      expect(await named(c.callId)).toEqual([[driver.endedEvent(c.providerCallId), true, null]]);
      expect(await handleJob({ job: job!.job, db: db.db, now: NOW, queue })).toEqual({ applied: false });
    });
  });
});
