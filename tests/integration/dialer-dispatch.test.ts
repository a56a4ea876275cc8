import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InProcessQueue } from "@/lib/integrations/queue/in-process/in-process-queue";
import { VoiceError, type VoiceErrorKind } from "@/lib/integrations/voice/types";
import { claimCalls } from "@/lib/services/dialer/claim-calls";
import { dispatchCall } from "@/lib/services/dialer/dispatch-call";
import { runTick } from "@/lib/services/dialer/run-tick";
import { handleJob } from "@/lib/services/jobs/handle-job";
import { insertCampaign, insertLead, recordingQueue } from "../helpers/dialer-fixtures";
import { type FakeVoice, fakeVoice } from "../helpers/fake-voice";
import { createOrgWithMembers } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

// Wednesday 2 December 2026, 17:00 UTC: 12:00 in New York.
const NOW = new Date("2026-12-02T17:00:00Z");
const MINUTE = 60_000;

describe.each(testDbKinds())("dispatch and tick on %s", (kind) => {
  let db: TestDb;
  let orgId: string;

  beforeAll(async () => {
    db = await createTestDb(kind);
    orgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
  });
  afterAll(async () => {
    await db.destroy();
  });

  async function claimOne(voice: FakeVoice, lead: Parameters<typeof insertLead>[3] = {}, at = NOW) {
    const campaignId = await insertCampaign(db, orgId);
    const leadId = await insertLead(db, orgId, campaignId, lead);
    const [claimed] = await claimCalls({
      db: db.db,
      campaignId,
      now: at,
      account: { key: voice.account, cap: 100 },
    });
    if (!claimed) throw new Error("nothing claimed");
    return { campaignId, leadId, callId: claimed.callId };
  }

  async function callRow(callId: string) {
    const [row] = await db.query<Record<string, unknown>>(
      `select status::text, result::text, error, provider_call_id, dispatched_at, deadline_at, attempt_no
       from public.calls where id = $1`,
      [callId],
    );
    return row;
  }

  async function leadRow(leadId: string) {
    const [row] = await db.query<{ status: string; attempts: number; next_attempt_at: Date | null }>(
      `select status::text, attempts, next_attempt_at from public.leads where id = $1`,
      [leadId],
    );
    return row;
  }

  const ms = (v: unknown) => (v as Date).getTime();
  const dispatch = (voice: FakeVoice, callId: string) =>
    dispatchCall({ db: db.db, callId, now: NOW, voiceFor: () => voice });
  /** A provider that refuses every call with this error. */
  const refusing = (kind: VoiceErrorKind, message: string) =>
    fakeVoice(async () => {
      throw new VoiceError(kind, message);
    });

  it("starts the call with the lead's variables and records the provider id", async () => {
    const voice = fakeVoice();
    const { callId, leadId, campaignId } = await claimOne(voice, {
      firstName: "Grace",
      customFields: { plan: "Pro" },
      nextCallContext: { reason: "asked for noon" },
      timezone: "America/Chicago",
    });
    await db.query("update public.organizations set callback_number = '+18005550199' where id = $1", [orgId]);
    const [org] = await db.query<{ name: string }>("select name from public.organizations where id = $1", [
      orgId,
    ]);
    expect(await dispatch(voice, callId)).toEqual({
      status: "dialing",
    });
    expect(voice.started).toHaveLength(1);
    expect(voice.started[0]).toMatchObject({ callId, leadId, campaignId, orgId, fromNumber: "+12125550100" });
    expect(voice.started[0]?.variables).toMatchObject({
      first_name: "Grace",
      plan: "Pro",
      reason: "asked for noon",
      timezone: "America/Chicago",
      today: "2026-12-02",
      weekday: "Wednesday",
      local_time: "11:00",
      business_name: org?.name,
      callback_number: "+18005550199",
    });
    const call = await callRow(callId);
    expect(call).toMatchObject({ status: "dialing", provider_call_id: `fake_${callId}` });
    expect(ms(call?.dispatched_at)).toBe(NOW.getTime());
    expect(ms(call?.deadline_at)).toBe(NOW.getTime() + 75 * MINUTE);
    expect((await leadRow(leadId))?.status).toBe("calling");
  });

  it("skips a duplicate delivery: the provider is asked once", async () => {
    const voice = fakeVoice();
    const { callId } = await claimOne(voice);
    const first = dispatch(voice, callId);
    const second = dispatch(voice, callId);
    const results = (await Promise.all([first, second])).map((r) => r.status).sort();
    expect(results).toEqual(["dialing", "skipped"]);
    expect(await dispatch(voice, callId)).toEqual({
      status: "skipped",
    });
    expect(voice.started).toHaveLength(1);
  });

  it("returns the lead with its attempt and a doubling backoff after a transient refusal", async () => {
    const voice = refusing("over_concurrency", "429 concurrency limit");
    const { callId, leadId, campaignId } = await claimOne(voice);
    expect(await dispatch(voice, callId)).toEqual({
      status: "requeued",
    });
    expect(await callRow(callId)).toMatchObject({
      status: "ended",
      result: "failed",
      provider_call_id: null,
    });
    expect(String((await callRow(callId))?.error)).toMatch(/over_concurrency/);
    let lead = await leadRow(leadId);
    expect(lead).toMatchObject({ status: "pending", attempts: 0 });
    expect(ms(lead?.next_attempt_at)).toBe(NOW.getTime() + 2 * MINUTE);

    // Not due yet; then due: claimed again with a new call row, refused again: 4 minutes.
    const account = { key: voice.account, cap: 100 };
    expect(
      await claimCalls({ db: db.db, campaignId, now: new Date(NOW.getTime() + MINUTE), account }),
    ).toEqual([]);
    const later = new Date(NOW.getTime() + 2 * MINUTE);
    const [again] = await claimCalls({ db: db.db, campaignId, now: later, account });
    expect(again?.leadId).toBe(leadId);
    expect((await callRow(again?.callId ?? ""))?.attempt_no).toBe(2);
    await dispatchCall({ db: db.db, callId: again?.callId ?? "", now: later, voiceFor: () => voice });
    lead = await leadRow(leadId);
    expect(lead).toMatchObject({ status: "pending", attempts: 0 });
    expect(ms(lead?.next_attempt_at)).toBe(later.getTime() + 4 * MINUTE);
  });

  it("treats an unclassified error as transient", async () => {
    const voice = fakeVoice(async () => {
      throw new Error("socket hang up");
    });
    const { callId, leadId } = await claimOne(voice);
    expect(await dispatch(voice, callId)).toEqual({
      status: "requeued",
    });
    expect((await leadRow(leadId))?.status).toBe("pending");
  });

  it("marks an invalid number and ends the call", async () => {
    const voice = refusing("invalid_number", "not a dialable number");
    const { callId, leadId } = await claimOne(voice);
    expect(await dispatch(voice, callId)).toEqual({
      status: "failed",
    });
    expect(await callRow(callId)).toMatchObject({ status: "ended", result: "failed" });
    expect(await leadRow(leadId)).toMatchObject({ status: "invalid_number", attempts: 1 });
  });

  it("fails the lead on a rejected call", async () => {
    const voice = refusing("rejected", "agent not found");
    const { callId, leadId } = await claimOne(voice);
    expect(await dispatch(voice, callId)).toEqual({
      status: "failed",
    });
    expect((await leadRow(leadId))?.status).toBe("failed");
  });

  it("pauses the campaign and keeps the lead when the provider refuses our credentials", async () => {
    const voice = refusing("auth", "401 invalid api key");
    const { callId, leadId, campaignId } = await claimOne(voice);
    expect(await dispatch(voice, callId)).toEqual({
      status: "requeued",
    });
    expect(await leadRow(leadId)).toMatchObject({ status: "pending", attempts: 0, next_attempt_at: null });
    const [c] = await db.query<{ status: string; paused_reason: string }>(
      `select status::text, paused_reason from public.campaigns where id = $1`,
      [campaignId],
    );
    expect(c?.status).toBe("paused");
    expect(c?.paused_reason).toMatch(/credentials/);
  });

  it("does not call a lead put on the do-not-call list after the claim", async () => {
    const voice = fakeVoice();
    const phone = `+1917${String(1_000_000 + Math.floor(Math.random() * 8_000_000))}`;
    const { callId, leadId } = await claimOne(voice, { phone });
    await db.query(`insert into public.do_not_call (org_id, phone, source) values ($1, $2, 'manual')`, [
      orgId,
      phone,
    ]);
    expect(await dispatch(voice, callId)).toEqual({
      status: "skipped",
    });
    expect(voice.started).toHaveLength(0);
    expect((await callRow(callId))?.status).toBe("ended");
    expect((await leadRow(leadId))?.status).toBe("do_not_call");
  });

  describe("runTick", () => {
    it("claims, enqueues one dispatch per call keyed by call id and provider account, and completes finished campaigns", async () => {
      const account = `simulator:${randomBytes(4).toString("hex")}`;
      const voice = fakeVoice(undefined, { account, cap: 7 });
      const busy = await insertCampaign(db, orgId, { maxConcurrentCalls: 2 });
      for (let i = 0; i < 3; i++) await insertLead(db, orgId, busy);
      const waiting = await insertCampaign(db, orgId);
      await insertLead(db, orgId, waiting, { status: "no_answer" });
      await insertLead(db, orgId, waiting, { nextAttemptAt: new Date(NOW.getTime() + 60 * MINUTE) });
      const done = await insertCampaign(db, orgId);
      await insertLead(db, orgId, done, { status: "booked" });

      const queue = recordingQueue();
      for (const campaignId of [busy, waiting, done]) {
        const summary = await runTick({ db: db.db, now: NOW, queue, voiceFor: () => voice, campaignId });
        expect(summary.campaigns).toBe(1);
        if (campaignId === busy) expect(summary).toMatchObject({ claimed: 2, completed: 0 });
        if (campaignId === waiting) expect(summary).toMatchObject({ claimed: 0, completed: 0 });
        if (campaignId === done) expect(summary).toMatchObject({ claimed: 0, completed: 1 });
      }
      expect(queue.jobs).toHaveLength(2);
      for (const { job, options } of queue.jobs) {
        expect(job.type).toBe("dispatch-call");
        expect(options).toMatchObject({
          dedupeId: (job as { callId: string }).callId,
          flowKey: account,
          flowParallelism: 7,
        });
      }
      const statuses = await db.query<{ id: string; status: string; completed_at: unknown }>(
        `select id, status::text, completed_at from public.campaigns where id = any($1::uuid[])`,
        [[busy, waiting, done]],
      );
      const byId = new Map(statuses.map((s) => [s.id, s]));
      expect(byId.get(busy)?.status).toBe("active");
      expect(byId.get(waiting)?.status).toBe("active");
      expect(byId.get(done)?.status).toBe("completed");
      expect(ms(byId.get(done)?.completed_at)).toBe(NOW.getTime());
    });

    it("runs the reconciler first and keeps dialing when it fails", async () => {
      const order: string[] = [];
      const campaignId = await insertCampaign(db, orgId);
      await insertLead(db, orgId, campaignId);
      const voice = fakeVoice();
      const queue = recordingQueue();
      const summary = await runTick({
        db: db.db,
        now: NOW,
        queue,
        campaignId,
        voiceFor: () => {
          order.push("claim");
          return voice;
        },
        reconcile: async () => {
          order.push("reconcile");
          throw new Error("provider down");
        },
      });
      expect(order).toEqual(["reconcile", "claim"]);
      expect(summary.claimed).toBe(1);
    });

    it("pauses a campaign whose voice provider is not configured", async () => {
      const campaignId = await insertCampaign(db, orgId, { voiceProvider: "retell" });
      await insertLead(db, orgId, campaignId);
      const summary = await runTick({
        db: db.db,
        now: NOW,
        queue: recordingQueue(),
        campaignId,
        voiceFor: () => {
          throw new VoiceError("auth", "Retell is not configured.");
        },
      });
      expect(summary.claimed).toBe(0);
      const [c] = await db.query<{ status: string; paused_reason: string }>(
        `select status::text, paused_reason from public.campaigns where id = $1`,
        [campaignId],
      );
      expect(c).toMatchObject({ status: "paused", paused_reason: "Retell is not configured." });
    });

    it("dispatches through the in-process queue: tick, claim, dial", async () => {
      const account = `simulator:${randomBytes(4).toString("hex")}`;
      const voice = fakeVoice(undefined, { account, cap: 3 });
      const campaignId = await insertCampaign(db, orgId, { maxConcurrentCalls: 10 });
      for (let i = 0; i < 5; i++) await insertLead(db, orgId, campaignId);
      const queue: InProcessQueue = new InProcessQueue({
        concurrency: 2,
        handler: async (job) => {
          await handleJob({ job, db: db.db, now: NOW, queue, voiceFor: () => voice });
        },
      });
      await queue.enqueue({ type: "tick", campaignId });
      await queue.drain();
      expect(voice.started).toHaveLength(3);
      const [{ n } = { n: 0 }] = await db.query<{ n: number }>(
        `select count(*)::int as n from public.calls where campaign_id = $1 and status = 'dialing' and provider_call_id is not null`,
        [campaignId],
      );
      expect(n).toBe(3);
    });
  });
});
