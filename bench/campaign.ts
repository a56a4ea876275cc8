/**
 * Campaign dialer figures (prints, asserts nothing):
 *   npm run bench -- campaign
 * 1. Makespan of 1,000 one-call leads on 20 slots, driving the real claim and outcome services on
 *    a virtual clock (PGlite, or Postgres when BENCH_DATABASE_URL / TEST_DATABASE_URL is set),
 *    against ideal = total call seconds / 20, and a 5-minute cron baseline (10 calls per run).
 * 2. Cost of one claim of 20 calls at 10,000 and 1,000,000 leads over 12 time zones (Postgres).
 */
import postgres from "postgres";
import type { DbHandle } from "../src/lib/db/client";
import type { CallResult } from "../src/lib/dialer/call-states";
import type { Queue } from "../src/lib/integrations/queue/types";
import { claimCalls } from "../src/lib/services/dialer/claim-calls";
import { recordCallReport } from "../src/lib/services/dialer/record-call-report";
import { openBenchDb, seedTenant } from "./bench-db";

const SLOTS = 20;
const LEADS = 1_000;
const ACCOUNT = { key: "bench:account", cap: SLOTS };
const NO_RETRY = Object.fromEntries(
  ["no_answer", "busy", "voicemail", "failed"].map((r) => [r, { retry: false, delayMinutes: 60 }]),
);

/** mulberry32: small, seeded, good enough for a benchmark's draws. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Draw = { result: CallResult; seconds: number };

/** 45% answered (log-normal, median 100 s), 25% no answer, 15% voicemail, 10% busy, 5% failed. */
function drawCalls(n: number, seed = 42): Draw[] {
  const r = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const jitter = (s: number) => Math.max(1, Math.round(s * (0.8 + 0.4 * r())));
  return Array.from({ length: n }, (): Draw => {
    const u = r();
    if (u < 0.45)
      return { result: "answered", seconds: Math.max(5, Math.round(100 * Math.exp(0.6 * normal()))) };
    if (u < 0.7) return { result: "no_answer", seconds: jitter(25) };
    if (u < 0.85) return { result: "voicemail", seconds: jitter(40) };
    if (u < 0.95) return { result: "busy", seconds: jitter(5) };
    return { result: "failed", seconds: jitter(2) };
  });
}

const nullQueue: Queue = { name: "in-process", enqueue: async () => {} };

async function prepareCampaign(handle: DbHandle, opts: { zone: string; leads: number }) {
  const tenant = await seedTenant(handle, "Campaign bench");
  await handle.query(
    `update public.campaigns set status = 'active', calling_days = '{0,1,2,3,4,5,6}', calling_start_minute = 0,
       calling_end_minute = 1440, retry_policy = $2::jsonb, max_concurrent_calls = $3, max_attempts = 3,
       breaker_failure_percent = null, started_at = now() where id = $1`,
    [tenant.campaignId, JSON.stringify(NO_RETRY), SLOTS],
  );
  await handle.query(
    `insert into public.leads (org_id, campaign_id, phone, timezone, timezone_source)
     select $1, $2, '+1212' || lpad(i::text, 7, '0'), $3, 'column' from generate_series(1, $4::int) i`,
    [tenant.orgId, tenant.campaignId, opts.zone, opts.leads],
  );
  return tenant;
}

/** The real services on a virtual clock: refill on every end, a cron tick every 60 s. */
async function makespanReal(handle: DbHandle, draws: Draw[], t0: Date) {
  const { campaignId } = await prepareCampaign(handle, { zone: "America/Chicago", leads: draws.length });
  const ends: { at: number; callId: string; draw: Draw }[] = [];
  let next = 0;
  let lastEnd = t0.getTime();
  let claims = 0;
  const claim = async (at: number) => {
    claims += 1;
    const claimed = await claimCalls({ db: handle.db, campaignId, now: new Date(at), account: ACCOUNT });
    for (const call of claimed) {
      const draw = draws[next++];
      if (!draw) throw new Error("more calls than draws");
      ends.push({ at: at + draw.seconds * 1000, callId: call.callId, draw });
    }
    ends.sort((a, b) => a.at - b.at);
  };
  let cron = t0.getTime();
  await claim(cron);
  cron += 60_000;
  let ended = 0;
  while (ended < draws.length) {
    const end = ends[0];
    if (end && end.at <= cron) {
      ends.shift();
      const at = new Date(end.at);
      await recordCallReport({
        db: handle.db,
        now: at,
        queue: nullQueue,
        report: {
          provider: "simulator",
          providerCallId: end.callId,
          callId: end.callId,
          event: "ended",
          at,
          result: end.draw.result,
          endedAt: at,
          durationSeconds: end.draw.seconds,
        },
      });
      ended += 1;
      lastEnd = end.at;
      await claim(end.at);
    } else {
      if (!end && next >= draws.length) break;
      await claim(cron);
      cron += 60_000;
      if (cron - t0.getTime() > 24 * 3_600_000) throw new Error("the simulation did not finish in a day");
    }
  }
  return { makespan: (lastEnd - t0.getTime()) / 1000, claims, calls: next };
}

/** Baseline: a 5-minute cron that starts at most 10 calls per run, no refill. Pure simulation. */
function makespanBaseline(draws: Draw[]): number {
  const open: number[] = [];
  let t = 0;
  let next = 0;
  let lastEnd = 0;
  while (next < draws.length || open.length > 0) {
    for (let i = open.length - 1; i >= 0; i--) if ((open[i] as number) <= t) open.splice(i, 1);
    const start = Math.min(10, SLOTS - open.length, draws.length - next);
    for (let i = 0; i < start; i++) {
      const end = t + (draws[next++] as Draw).seconds;
      open.push(end);
      lastEnd = Math.max(lastEnd, end);
    }
    if (next >= draws.length) break;
    t += 300;
  }
  return lastEnd;
}

const ZONES_IN = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Phoenix",
  "America/Los_Angeles",
  "Europe/London",
];
const ZONES_OUT = [
  "Pacific/Honolulu",
  "America/Anchorage",
  "Asia/Tokyo",
  "Australia/Sydney",
  "Asia/Kolkata",
  "Europe/Moscow",
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** One claim of 20 at a campaign of `n` leads over 12 zones, half closed at `at`; median of `runs`. */
async function claimCost(handle: DbHandle, n: number, at: Date, runs = 15) {
  const tenant = await seedTenant(handle, `Claim ${n}`);
  await handle.query(
    `update public.campaigns set status = 'active', calling_days = '{0,1,2,3,4,5,6}', calling_start_minute = 540,
       calling_end_minute = 1200, max_concurrent_calls = $2, breaker_failure_percent = null where id = $1`,
    [tenant.campaignId, SLOTS],
  );
  const zones = [...ZONES_IN, ...ZONES_OUT];
  const loadStart = performance.now();
  await handle.query(
    `insert into public.leads (org_id, campaign_id, phone, timezone, timezone_source)
     select $1, $2, '+1' || lpad(i::text, 10, '0'), ($3::text[])[1 + i % 12], 'column'
     from generate_series(1, $4::int) i`,
    [tenant.orgId, tenant.campaignId, zones, n],
  );
  await handle.query("analyze public.leads");
  await handle.query("analyze public.calls");
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t = performance.now();
    const claimed = await claimCalls({
      db: handle.db,
      campaignId: tenant.campaignId,
      now: at,
      account: ACCOUNT,
    });
    const ms = performance.now() - t;
    if (i > 0) times.push(ms); // the first run warms caches and plans
    if (claimed.length !== SLOTS) throw new Error(`claimed ${claimed.length}, expected ${SLOTS}`);
    const ids = claimed.map((c) => c.callId);
    await handle.query("delete from public.calls where id = any($1::uuid[])", [ids]);
    await handle.query(
      `update public.leads set status = 'pending', attempts = 0, last_called_at = null where id = any($1::uuid[])`,
      [claimed.map((c) => c.leadId)],
    );
  }
  return { tenant, median: median(times), loadSeconds };
}

async function explainClaim(handle: DbHandle, campaignId: string, at: Date): Promise<string[]> {
  // The claim's statement (insertClaimedCalls, db/queries/calls.ts) locks and writes as it goes;
  // this explains its core, the campaign's due-order walk, the part whose cost could grow with the campaign.
  const rows = await handle.query<{ "QUERY PLAN": string }>(
    `explain (analyze, buffers)
     select l.id from public.leads l
     where l.campaign_id = $1 and l.status in ('pending','callback')
       and coalesce(l.next_attempt_at, '-infinity'::timestamptz) <= $2::timestamptz
     order by coalesce(l.next_attempt_at, '-infinity'::timestamptz) limit 20`,
    [campaignId, at.toISOString()],
  );
  return rows.map((r) => r["QUERY PLAN"]).slice(0, 25);
}

export async function benchCampaign(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const draws = drawCalls(LEADS);
  const totalSeconds = draws.reduce((s, d) => s + d.seconds, 0);
  const ideal = totalSeconds / SLOTS;
  // 18:00 UTC on a winter Wednesday is noon in Chicago.
  const t0 = new Date("2026-12-09T18:00:00Z");

  const kind = url ? "postgres" : "pglite";
  const db = await openBenchDb(kind, url);
  try {
    const wall = performance.now();
    const real = await makespanReal(db.handle, draws, t0);
    const wallSeconds = (performance.now() - wall) / 1000;
    const base = makespanBaseline(draws);
    console.log(`campaign makespan (${kind}, ${LEADS} leads, ${SLOTS} slots, one call each, seed 42)`);
    console.log(
      `  total call time ${(totalSeconds / 60).toFixed(1)} min; ideal = total / ${SLOTS} = ${(ideal / 60).toFixed(1)} min`,
    );
    console.log(
      `  refill + 60 s cron: makespan ${(real.makespan / 60).toFixed(1)} min = ${(real.makespan / ideal).toFixed(3)} x ideal (goal <= 1.05); ${real.calls} calls, ${real.claims} claims, ${wallSeconds.toFixed(1)} s wall`,
    );
    console.log(
      `  5-min cron, 10 per run: makespan ${(base / 60).toFixed(1)} min = ${(base / ideal).toFixed(2)} x ideal`,
    );
  } finally {
    await db.destroy();
  }

  const pgUrl = url ?? "postgres://postgres@127.0.0.1:5432/postgres";
  try {
    const probe = postgres(pgUrl, { max: 1, onnotice: () => {} });
    await probe`select 1`;
    await probe.end();
  } catch {
    console.log(`claim cost: skipped, no Postgres at ${pgUrl}`);
    return;
  }
  const pg = await openBenchDb("postgres", pgUrl);
  try {
    const at = new Date("2026-12-09T17:00:00Z"); // 6 of the 12 zones are inside 09:00-20:00
    const small = await claimCost(pg.handle, 10_000, at);
    const large = await claimCost(pg.handle, 1_000_000, at);
    const ratio = large.median / small.median;
    console.log("claim cost (Postgres, claim of 20, 12 zones, half closed, median of 15)");
    console.log(`  10,000 leads:    ${small.median.toFixed(1)} ms (load ${small.loadSeconds.toFixed(1)} s)`);
    console.log(`  1,000,000 leads: ${large.median.toFixed(1)} ms (load ${large.loadSeconds.toFixed(1)} s)`);
    console.log(`  ratio ${ratio.toFixed(2)} x (goal <= 1.5)`);
    if (ratio > 1.5) {
      console.log("  EXPLAIN (ANALYZE, BUFFERS) of the due-order walk at 1M:");
      for (const line of await explainClaim(pg.handle, large.tenant.campaignId, at))
        console.log(`    ${line}`);
    }
  } finally {
    await pg.destroy();
  }
}
