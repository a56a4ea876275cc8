import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimCalls } from "@/lib/services/dialer/claim-calls";
import { runTick } from "@/lib/services/dialer/run-tick";
import { insertCampaign } from "../helpers/dialer-fixtures";
import { fakeVoice } from "../helpers/fake-voice";
import { createOrgWithMembers } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

const NOW = new Date("2026-12-02T17:00:00Z");

async function insertLeads(db: TestDb, orgId: string, campaignId: string, n: number, prefix: string) {
  await db.query(
    `insert into public.leads (org_id, campaign_id, phone, timezone, timezone_source)
     select $1, $2, $3 || lpad(g::text, 6, '0'),
            (array['America/New_York', 'America/Chicago', 'America/Los_Angeles'])[1 + g % 3], 'column'
     from generate_series(1, $4::int) g`,
    [orgId, campaignId, prefix, n],
  );
}

// Overlapping claims only overlap on real connections; PGlite is one connection that runs one
// transaction at a time, so there these tests would prove nothing.
describe.each(testDbKinds())(
  "claim concurrency on %s (Postgres only: PGlite runs one transaction at a time)",
  (kind) => {
    const skip = kind !== "postgres";
    let db: TestDb;
    let orgId: string;

    beforeAll(async () => {
      if (skip) return;
      db = await createTestDb(kind, { max: 20 });
      orgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
    });
    afterAll(async () => {
      if (!skip) await db.destroy();
    });

    it.skipIf(skip)("40 overlapping claims never claim a lead twice or pass the caps", async () => {
      const a = await insertCampaign(db, orgId, { maxConcurrentCalls: 50 });
      const b = await insertCampaign(db, orgId, { maxConcurrentCalls: 50 });
      await insertLeads(db, orgId, a, 300, "+1646");
      await insertLeads(db, orgId, b, 300, "+1917");
      // Both campaigns share one account whose cap (70) is below their sum.
      const account = { key: "simulator:shared-concurrency", cap: 70 };
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          claimCalls({ db: db.db, campaignId: i % 2 ? a : b, now: NOW, account }),
        ),
      );
      const claimed = results.flat();
      expect(new Set(claimed.map((c) => c.leadId)).size).toBe(claimed.length);

      const [stats] = await db.query<{
        calls: number;
        leads: number;
        pairs: number;
        a: number;
        b: number;
        queued: number;
      }>(
        `select count(*)::int as calls, count(distinct lead_id)::int as leads,
              count(distinct (lead_id, attempt_no))::int as pairs,
              count(*) filter (where campaign_id = $1)::int as a,
              count(*) filter (where campaign_id = $2)::int as b,
              (select count(*)::int from public.leads where status = 'queued' and campaign_id in ($1, $2)) as queued
       from public.calls where status <> 'ended' and campaign_id in ($1, $2)`,
        [a, b],
      );
      expect(stats?.calls).toBe(claimed.length);
      expect(stats?.leads).toBe(stats?.calls);
      expect(stats?.pairs).toBe(stats?.calls);
      expect(stats?.queued).toBe(stats?.calls);
      expect(stats?.a).toBeLessThanOrEqual(50);
      expect(stats?.b).toBeLessThanOrEqual(50);
      // Every slot is used: one claim per campaign ran to completion with the free slots it saw.
      expect(stats?.calls).toBe(70);
    });

    it.skipIf(skip)("40 overlapping ticks leave the same invariants", async () => {
      const c = await insertCampaign(db, orgId, { maxConcurrentCalls: 50 });
      await insertLeads(db, orgId, c, 300, "+1332");
      const voice = fakeVoice(undefined, { account: "simulator:tick-concurrency", cap: 100 });
      const jobs: string[] = [];
      const queue = {
        name: "in-process" as const,
        async enqueue(job: { type: string; callId?: string }) {
          if (job.callId) jobs.push(job.callId);
        },
      };
      const summaries = await Promise.all(
        Array.from({ length: 40 }, () =>
          runTick({ db: db.db, now: NOW, queue, voiceFor: () => voice, campaignId: c }),
        ),
      );
      const claimed = summaries.reduce((n, s) => n + s.claimed, 0);
      const [stats] = await db.query<{ calls: number; leads: number }>(
        `select count(*)::int as calls, count(distinct lead_id)::int as leads from public.calls where campaign_id = $1`,
        [c],
      );
      expect(claimed).toBe(50);
      expect(stats).toEqual({ calls: 50, leads: 50 });
      expect(new Set(jobs).size).toBe(50);
    });

    it.skipIf(skip)(
      "a claim that overlaps another for the same campaign returns at once with nothing",
      async () => {
        const c = await insertCampaign(db, orgId);
        await insertLeads(db, orgId, c, 5, "+1718");
        let release!: () => void;
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        let locked!: () => void;
        const isLocked = new Promise<void>((resolve) => {
          locked = resolve;
        });
        const holder = db.db.transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`dialer:campaign:${c}`}, 0))`);
          locked();
          await held;
        });
        await isLocked;
        const account = { key: "simulator:overlap", cap: 100 };
        expect(await claimCalls({ db: db.db, campaignId: c, now: NOW, account })).toEqual([]);
        release();
        await holder;
        expect(await claimCalls({ db: db.db, campaignId: c, now: NOW, account })).toHaveLength(5);
      },
    );
  },
);
