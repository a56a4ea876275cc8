import Retell from "retell-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/retell/route";
import { setDbHandle } from "@/lib/db";
import { setQueue } from "@/lib/integrations/queue";
import type { Queue } from "@/lib/integrations/queue/types";
import { simulatorWebhookKey } from "@/lib/integrations/voice/simulator/simulator";
import { runTick } from "@/lib/services/dialer/run-tick";
import { handleJob } from "@/lib/services/jobs/handle-job";
import { UNAPPLIED_GRACE_MS } from "@/lib/services/webhooks/sweep-unapplied-events";
import {
  type ApplyingQueue,
  applyingQueue,
  insertCampaign,
  insertClaimedCall,
} from "../helpers/dialer-fixtures";
import { createOrgWithMembers } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

/*
 * Webhook ingest (issue 14, item 4): a call event is verified, stored and answered in one
 * transaction; its application is the `apply-webhook-event` job's, exactly once, in any order; the
 * refill tick and the follow-up are queued by that job, never by the request; an event whose job
 * was lost is queued again by the tick's sweep.
 */

// Thursday 10:00 in New York: the apply jobs' clock.
const NOW = new Date("2026-12-03T15:00:00Z");

describe.each(testDbKinds())("webhook ingest on %s", (kind) => {
  let db: TestDb;
  let orgId: string;
  let campaignId: string;
  let queue: ApplyingQueue;

  beforeAll(async () => {
    db = await createTestDb(kind);
    setDbHandle(db);
    orgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
    // Paused: the full tick below (the sweep's) must claim nothing of this file's leads.
    campaignId = await insertCampaign(db, orgId, { status: "paused" });
  });
  afterAll(async () => {
    setDbHandle(undefined);
    setQueue(undefined);
    await db.destroy();
  });
  beforeEach(() => {
    queue = applyingQueue(db.db, NOW);
    setQueue(queue);
  });

  // retell-sdk signs and verifies at the wall clock (its `verify` takes no clock): signed when sent.
  const deliver = async (body: string) =>
    POST(
      new Request("http://127.0.0.1/api/webhooks/retell", {
        method: "POST",
        headers: { "x-retell-signature": await Retell.sign(body, simulatorWebhookKey()) },
        body,
      }),
    );
  const retellBody = (callId: string, event: "call_started" | "call_ended") =>
    JSON.stringify({
      event,
      call: {
        call_id: `sim_${callId}`,
        metadata: { call_id: callId },
        start_timestamp: NOW.getTime() - 60_000,
        ...(event === "call_ended"
          ? { disconnection_reason: "dial_busy", end_timestamp: NOW.getTime() }
          : {}),
      },
    });
  const claimed = () => insertClaimedCall(db, { orgId, campaignId, now: NOW });
  const callRow = async (callId: string) =>
    (await db.query<Record<string, unknown>>("select * from public.calls where id = $1", [callId]))[0]!;
  const events = (callId: string) =>
    db.query<{ id: number; type: string; processed: boolean; error: string | null; received_at: Date }>(
      `select id::int as id, type, processed_at is not null as processed, error, received_at
       from public.webhook_events where call_id = $1 order by id`,
      [callId],
    );
  const statusChanges = async (leadId: string) =>
    (
      await db.query<{ n: number }>(
        "select count(*)::int as n from public.lead_events where lead_id = $1 and type = 'status_changed'",
        [leadId],
      )
    )[0]?.n;
  const jobTypes = (q: ApplyingQueue) => q.jobs.map((j) => j.job.type);

  it("a delivery is stored and answered before it is applied; the request queues only its apply job", async () => {
    const c = await claimed();
    const res = await deliver(retellBody(c.callId, "call_ended"));
    expect(await res.json()).toEqual({ ok: true });
    // Answered: the event is stored, unapplied; the call and its lead are untouched.
    const [event] = await events(c.callId);
    expect(event).toMatchObject({ type: "call_ended", processed: false, error: null });
    expect(await callRow(c.callId)).toMatchObject({ status: "dialing", result: null });
    // The request queued the event's job, by the event's id, and nothing else: no refill tick, no follow-up.
    expect(queue.jobs).toEqual([
      {
        job: { type: "apply-webhook-event", eventId: event!.id },
        options: { dedupeId: `apply-event:${event!.id}` },
      },
    ]);

    await queue.drain();
    expect(await callRow(c.callId)).toMatchObject({ status: "ended", result: "busy" });
    expect(await events(c.callId)).toMatchObject([{ processed: true, error: null }]);
    // The job queued the refill of the campaign and the follow-up, once the application committed.
    expect(jobTypes(queue)).toEqual(["apply-webhook-event", "tick", "follow-up-call"]);
    expect(queue.jobs[1]).toEqual({
      job: { type: "tick", campaignId },
      options: { dedupeId: `refill:${c.callId}` },
    });
  });

  it("duplicate deliveries at once store one event and queue one job; jobs run at once apply it once", async () => {
    const c = await claimed();
    const body = retellBody(c.callId, "call_ended");
    const before = await statusChanges(c.leadId);
    const answers = await Promise.all([1, 2, 3].map(async () => (await deliver(body)).json()));
    expect(answers.filter((a) => a.duplicate)).toHaveLength(2);
    expect(answers).toContainEqual({ ok: true });
    expect(await events(c.callId)).toHaveLength(1);
    const applyJobs = queue.jobs.filter((j) => j.job.type === "apply-webhook-event");
    expect(applyJobs).toHaveLength(1);

    // QStash delivers at least once: the same job three times, at once.
    queue.pending.length = 0;
    const job = applyJobs[0]!.job;
    const results = await Promise.all([1, 2, 3].map(() => handleJob({ job, db: db.db, now: NOW, queue })));
    expect(results.filter((r) => (r as { applied: boolean }).applied)).toHaveLength(1);
    expect(await callRow(c.callId)).toMatchObject({ status: "ended", result: "busy" });
    // The lead moved once (one status change in its history), one refill, one follow-up.
    expect(await statusChanges(c.leadId)).toBe((before ?? 0) + 1);
    expect(jobTypes(queue).filter((t) => t === "tick")).toHaveLength(1);
    expect(jobTypes(queue).filter((t) => t === "follow-up-call")).toHaveLength(1);
  });

  it("jobs applied out of order: the start after the end does not bring the call back to live", async () => {
    const c = await claimed();
    expect((await deliver(retellBody(c.callId, "call_started"))).status).toBe(200);
    expect((await deliver(retellBody(c.callId, "call_ended"))).status).toBe(200);
    expect(queue.pending).toHaveLength(2);
    queue.pending.reverse();
    await queue.drain();
    expect(await callRow(c.callId)).toMatchObject({ status: "ended", result: "busy" });
    expect((await events(c.callId)).map((e) => [e.type, e.processed])).toEqual([
      ["call_started", true],
      ["call_ended", true],
    ]);
  });

  it("a lost enqueue is still answered 200, and the tick's sweep queues the event once the grace has passed", async () => {
    const refusing: Queue = {
      name: "qstash",
      enqueue: async () => {
        throw new Error("QStash is unreachable");
      },
    };
    setQueue(refusing);
    const c = await claimed();
    const res = await deliver(retellBody(c.callId, "call_ended"));
    expect(await res.json()).toEqual({ ok: true });
    const [event] = await events(c.callId);
    expect(event).toMatchObject({ processed: false });
    const receivedAt = event!.received_at.getTime();

    const tick = async (at: number) => {
      const sweeper = applyingQueue(db.db, new Date(at));
      await runTick({
        db: db.db,
        now: new Date(at),
        queue: sweeper,
        voiceFor: () => {
          throw new Error("no campaign is active: nothing is dialed");
        },
        reconcile: async () => ({ checked: 0, ended: 0, closed: 0 }),
      });
      return sweeper;
    };
    // Within the grace its job may only be slow: the sweep leaves it.
    const early = await tick(receivedAt + UNAPPLIED_GRACE_MS - 1_000);
    expect(early.pending).toEqual([]);
    // Past it, the sweep queues it again; applying it ends the call.
    const late = await tick(receivedAt + UNAPPLIED_GRACE_MS + 1_000);
    expect(late.pending).toEqual([{ type: "apply-webhook-event", eventId: event!.id }]);
    await late.drain();
    expect(await callRow(c.callId)).toMatchObject({ status: "ended", result: "busy" });
    expect(await events(c.callId)).toMatchObject([{ processed: true, error: null }]);
    // Applied: the next sweep finds nothing.
    expect((await tick(receivedAt + 2 * UNAPPLIED_GRACE_MS)).pending).toEqual([]);
  });
});
