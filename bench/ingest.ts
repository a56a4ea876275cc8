/**
 * Webhook ingest figures (prints, asserts nothing):
 *   npm run bench -- ingest
 * Starts the app (the production build in NEXT_DIST_DIR or .next, `next start`; BENCH_SERVER=dev
 * for `next dev`) in local mode on a fresh embedded database, or on a fresh Postgres database when
 * BENCH_DATABASE_URL / TEST_DATABASE_URL is set, with BENCH_INGEST_CALLS dialing Retell calls
 * seeded. Then, at concurrency 10 over keep-alive connections: GET /api/health, and POST
 * /api/webhooks/retell with a signed `call_ended` (Retell's documented user-hangup payload, one
 * distinct call per request, so each is stored and applied). Prints req/s, p50 and p99 of each,
 * the ratio, the machine's load average (the figures move with it), and on Postgres how long the
 * queue took to apply every stored event after the last answer.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { symmetric } from "retell-sdk/lib/webhook_auth";
import { type DbHandle, openDb } from "../src/lib/db/client";
import { migrate } from "../src/lib/db/migrate";
import { openBenchDb, seedTenant } from "./bench-db";

const CONCURRENCY = 10;
const CALLS = Number(process.env.BENCH_INGEST_CALLS ?? 3_000);
const HEALTH_REQUESTS = Number(process.env.BENCH_HEALTH_REQUESTS ?? 5_000);
const WARMUP = 200;
/** The Retell key the bench server is started with (RETELL_API_KEY) and signs deliveries with. */
export const INGEST_KEY = "key_bench_ingest_0123456789abcdef";
const KEY = INGEST_KEY;
const ROOT = path.join(import.meta.dirname, "..");

export type Seeded = { orgId: string; campaignId: string; calls: { callId: string; leadId: string }[] };

/** A paused campaign (nothing claims or dials while the bench runs) with `n` Retell calls in flight. */
export async function seedIngestCalls(handle: DbHandle, n: number): Promise<Seeded> {
  const { orgId, campaignId } = await seedTenant(handle, "Ingest bench");
  await handle.query(
    "update public.campaigns set status = 'paused', voice_provider = 'retell' where id = $1",
    [campaignId],
  );
  await handle.query(
    `insert into public.leads (org_id, campaign_id, phone, timezone, timezone_source, status)
     select $1, $2, '+1212' || lpad(i::text, 7, '0'), 'America/New_York', 'column', 'calling'
     from generate_series(1, $3::int) i`,
    [orgId, campaignId, n],
  );
  const calls = await handle.query<{ callId: string; leadId: string }>(
    `insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider, provider_call_id,
                               provider_account, to_number, deadline_at)
     select org_id, campaign_id, id, 1, 'dialing', 'retell', 'call_' || replace(id::text, '-', ''),
            'retell:env', phone, now() + interval '1 day'
     from public.leads where campaign_id = $1
     returning id::text as "callId", lead_id::text as "leadId"`,
    [campaignId],
  );
  return { orgId, campaignId, calls };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

export function startServer(port: number, env: Record<string, string>): ChildProcess {
  const dev = process.env.BENCH_SERVER === "dev";
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!dev && !existsSync(path.join(ROOT, distDir, "BUILD_ID"))) {
    throw new Error(`No production build in ${distDir}: run \`next build\` first, or set BENCH_SERVER=dev.`);
  }
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, "node_modules/next/dist/bin/next"),
      dev ? "dev" : "start",
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      if (/error|cannot start/i.test(text)) process.stderr.write(`[server] ${text}`);
    });
  }
  return child;
}

export async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      // A server that refused to start may still accept connections and never answer.
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the server did not become healthy in 150 s");
}

export type Figures = {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
};

/** Runs `requests` requests, `concurrency` at a time; `make(i)` performs request i. */
export async function load(
  requests: number,
  make: (i: number) => Promise<Response>,
  concurrency = CONCURRENCY,
): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < requests; i = next++) {
        const t0 = performance.now();
        const res = await make(i);
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (!res.ok) errors += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests, seconds, perSecond: requests / seconds, p50: at(0.5), p99: at(0.99), errors };
}

export const fmt = (f: Figures) =>
  `${f.perSecond.toFixed(0).padStart(5)} req/s   p50 ${f.p50.toFixed(1).padStart(6)} ms   p99 ${f.p99
    .toFixed(1)
    .padStart(
      6,
    )} ms   (${f.requests} requests in ${f.seconds.toFixed(1)} s${f.errors ? `, ${f.errors} not 2xx` : ""})`;

export async function benchIngest(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const total = CALLS + WARMUP;
  let dataDir: string | null = null;
  let postgres: Awaited<ReturnType<typeof openBenchDb>> | null = null;
  let seeded: Seeded;
  const serverEnv: Record<string, string> = {
    RETELL_API_KEY: KEY,
    SEED_DEMO: "false",
    DIALER_TICK_SECONDS: "0",
    LOG_LEVEL: "warn",
  };
  if (url) {
    postgres = await openBenchDb("postgres", url);
    seeded = await seedIngestCalls(postgres.handle, total);
    const [row] = await postgres.handle.query<{ db: string }>("select current_database() as db");
    const target = new URL(url);
    target.pathname = `/${row?.db}`;
    serverEnv.DATABASE_URL = target.toString();
    // Self-hosted mode refuses to start without these.
    serverEnv.SESSION_SECRET = randomBytes(32).toString("base64");
    serverEnv.ENCRYPTION_KEY = randomBytes(32).toString("base64");
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), "dialer-ingest-bench-"));
    const handle = await openDb({ kind: "pglite", dataDir });
    await migrate(handle, { bootstrap: true });
    seeded = await seedIngestCalls(handle, total);
    await handle.close();
    serverEnv.PGLITE_DIR = dataDir;
  }
  const bodies = retellBodies(seeded);

  console.error(`ingest bench: ${total} calls seeded; starting the server`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  if (url) serverEnv.APP_URL = base;
  const child = startServer(port, serverEnv);
  try {
    await waitForHealth(base, child);
    const health = () => fetch(`${base}/api/health`);
    const webhook = (i: number) => postRetell(base, bodies[i] as string);
    console.error("ingest bench: server healthy; warming up");
    // Warm-up: compiled routes, pooled connections, JIT.
    await load(WARMUP, health);
    await load(WARMUP, (i) => webhook(CALLS + i));
    if (postgres) await drained(postgres.handle, 60_000);

    console.error("ingest bench: measuring");
    const loadBefore = loadavg();
    const h = await load(HEALTH_REQUESTS, health);
    const w = await load(CALLS, webhook);
    const answeredAt = performance.now();
    const applied = postgres ? await drained(postgres.handle, 300_000) : null;
    const appliedMs = applied ? performance.now() - answeredAt : null;
    const loadAfter = loadavg();

    const mode = `${process.env.BENCH_SERVER === "dev" ? "next dev" : "next start"}, ${postgres ? "Postgres" : "embedded PGlite"}`;
    console.log(`\nWebhook ingest at concurrency ${CONCURRENCY} (${mode})`);
    console.log(`  GET /api/health                 ${fmt(h)}`);
    console.log(`  POST /api/webhooks/retell       ${fmt(w)}`);
    console.log(`  ratio webhook / health          ${(w.perSecond / h.perSecond).toFixed(2)}`);
    if (appliedMs !== null) {
      console.log(`  every event applied ${(appliedMs / 1000).toFixed(1)} s after the last answer`);
    }
    console.log(
      `  load average before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${loadAfter
        .map((l) => l.toFixed(2))
        .join(" ")} (a shared machine moves these figures)`,
    );
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await postgres?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Signed Retell `call_ended` bodies (the documented user-hangup payload), one per seeded call. */
export function retellBodies(seeded: Seeded): string[] {
  const fixture = JSON.parse(
    readFileSync(path.join(ROOT, "tests/fixtures/retell/call_ended_user_hangup.json"), "utf8"),
  );
  return seeded.calls.map(({ callId, leadId }) => {
    const body = structuredClone(fixture);
    body.call.call_id = `call_${callId.replaceAll("-", "")}`;
    body.call.metadata = {
      call_id: callId,
      org_id: seeded.orgId,
      campaign_id: seeded.campaignId,
      lead_id: leadId,
    };
    return JSON.stringify(body);
  });
}

/** Posts one body to the Retell webhook, signed as it is sent (the signature carries its time). */
export async function postRetell(base: string, body: string): Promise<Response> {
  return fetch(`${base}/api/webhooks/retell`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-retell-signature": await symmetric.sign(body, KEY, Date.now()),
    },
    body,
  });
}

/** Waits until no stored Retell event is left unapplied (Postgres: the bench reads beside the server). */
export async function drained(handle: DbHandle, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    const [row] = await handle.query<{ n: number }>(
      "select count(*)::int as n from public.webhook_events where processed_at is null",
    );
    if (row?.n === 0) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
