/**
 * Every page at an organization's realistic size, in the production build (prints, asserts nothing):
 *   BENCH_DATABASE_URL=postgres://… npm run bench -- pages
 * 1. The dataset: one organization of BENCH_PAGES_LEADS (default 1,000,000) leads in 4 campaigns,
 *    a call per lead, 50k appointments, 135k emails (tests/helpers/seed-at-scale.ts) in the
 *    database BENCH_PAGES_DB (default `dialer_bench_pages_<leads>`, the one `list-pages` keeps with
 *    BENCH_KEEP=1). Seeded once and kept: a later run applies pending migrations and reuses it
 *    (BENCH_DROP=1 drops it at the end).
 * 2. Aggregates (per-campaign connect rate, cost per booking, calls per day) with RLS (a member's
 *    transaction) and without (the service role), median of BENCH_RUNS, with what EXPLAIN ANALYZE
 *    says about parallel workers and sorts on disk.
 * 3. The production build (`next start`, NEXT_DIST_DIR or .next; run `next build` first) on that
 *    database, on BENCH_PORT (default: a free port): each page's server time signed in as a
 *    member (time to the last byte of the HTML over loopback), median of BENCH_RUNS (default 5)
 *    after one warm-up, the lead searches, the campaign page's progress poll, and ingest: GET
 *    /api/health against signed Retell `call_ended` deliveries at concurrency 10 and 50 (the calls
 *    are seeded in a separate organization, removed afterwards). BENCH_INGEST=0 skips ingest, BENCH_PAGES=0 the pages,
 *    BENCH_AGGREGATES=0 the aggregates; BENCH_EXPLAIN=full prints the campaign page's plans whole.
 * The load average is printed with each section: a shared machine moves every figure here.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { sql } from "drizzle-orm";
import { type DbHandle, openDb, rowsOf, type Tx } from "../src/lib/db/client";
import { type UserClaims, withService, withUser } from "../src/lib/db/with-user";
import { signSessionToken } from "../src/lib/integrations/auth/builtin/session-token";
import { getCampaignPage } from "../src/lib/services/campaigns/get-campaign-page";
import { getCampaignProgress } from "../src/lib/services/campaigns/get-campaign-progress";
import type { Actor } from "../src/lib/services/organizations/roles";
import { rebound, statementLog } from "../tests/helpers/statement-log";
import { median } from "./bench-db";
import {
  drained,
  type Figures,
  fmt,
  freePort,
  INGEST_KEY,
  load,
  postRetell,
  retellBodies,
  seedIngestCalls,
  startServer,
  waitForHealth,
} from "./ingest";
import { NOW, openScaleDb, type ScaleDb } from "./list-pages";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const INGEST_CALLS = Number(process.env.BENCH_INGEST_CALLS ?? 3_000);
const INGEST_WARMUP = 200;
const HEALTH_REQUESTS = Number(process.env.BENCH_HEALTH_REQUESTS ?? 5_000);
const MEMBER_EMAIL = "bench-member@example.com";

const load3 = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

const ms = (values: number[]) =>
  `median ${median(values).toFixed(1).padStart(8)} ms  (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`;

/** Runs `fn` once to warm up, then RUNS times; returns the measured times. */
async function timed(fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const started = performance.now();
    await fn();
    if (i > 0) times.push(performance.now() - started);
  }
  return times;
}

/** A member (not an owner) of the seeded organization: the pages are measured as the least role. */
async function ensureMember(handle: DbHandle, orgId: string): Promise<{ userId: string; email: string }> {
  const [found] = await handle.query<{ id: string }>("select id::text from auth.users where email = $1", [
    MEMBER_EMAIL,
  ]);
  const userId = found?.id ?? randomUUID();
  if (!found) {
    await handle.query("insert into auth.users (id, email, email_confirmed_at) values ($1, $2, now())", [
      userId,
      MEMBER_EMAIL,
    ]);
  }
  await handle.query(
    `insert into public.memberships (org_id, user_id, role) values ($1, $2, 'member')
     on conflict (org_id, user_id) do nothing`,
    [orgId, userId],
  );
  return { userId, email: MEMBER_EMAIL };
}

/** A signed-in session for the member, as the sign-in would make it: a session row and its token. */
async function sessionCookie(
  handle: DbHandle,
  member: { userId: string; email: string },
  orgId: string,
  secret: string,
): Promise<string> {
  const nat = Math.floor(Date.now() / 1000) + 24 * 3600;
  const [session] = await handle.query<{ id: string }>(
    "insert into auth.sessions (user_id, not_after) values ($1, to_timestamp($2)) returning id::text",
    [member.userId, nat],
  );
  if (!session) throw new Error("no session row");
  const { token } = await signSessionToken(
    { sub: member.userId, email: member.email, role: "authenticated", sid: session.id, nat },
    secret,
  );
  return `dialer_session=${token}; dialer_org=${orgId}`;
}

/** The aggregates a report reads, each with the organization named (RLS adds its own filter). */
const AGGREGATES: { name: string; sql: string }[] = [
  {
    name: "connect rate per campaign",
    sql: `select c.campaign_id, count(*) as calls,
            count(*) filter (where c.result = 'answered')::float8 / nullif(count(*), 0) as connect_rate
          from public.calls c where c.org_id = $1 and c.status = 'ended'
          group by c.campaign_id`,
  },
  {
    name: "cost per booking per campaign",
    sql: `select k.id, k.name, coalesce(c.cost, 0) as cost_cents, coalesce(a.n, 0) as bookings,
            coalesce(c.cost, 0)::float8 / nullif(a.n, 0) as cost_per_booking
          from public.campaigns k
          left join (select campaign_id, sum(cost_cents) as cost from public.calls
                     where org_id = $1 group by campaign_id) c on c.campaign_id = k.id
          left join (select campaign_id, count(*) as n from public.appointments
                     where org_id = $1 and status <> 'cancelled' group by campaign_id) a on a.campaign_id = k.id
          where k.org_id = $1`,
  },
  {
    name: "calls per day",
    sql: `select (c.queued_at at time zone 'America/New_York')::date as day, count(*) as calls,
            count(*) filter (where c.result = 'answered') as answered, sum(c.cost_cents) as cost_cents
          from public.calls c where c.org_id = $1
          group by 1 order by 1`,
  },
];

type PlanNode = {
  "Node Type"?: string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
  "Workers Launched"?: number;
  "Sort Space Type"?: string;
  "Temp Written Blocks"?: number;
};

/** Parallel workers launched and sorts that spilled, from an EXPLAIN (ANALYZE, FORMAT JSON). */
function planFacts(root: PlanNode): { workers: number; diskSorts: number } {
  let workers = 0;
  let diskSorts = 0;
  const walk = (n: PlanNode) => {
    workers += n["Workers Launched"] ?? 0;
    if (n["Sort Space Type"] === "Disk") diskSorts += 1;
    for (const c of n.Plans ?? []) walk(c);
  };
  walk(root);
  return { workers, diskSorts };
}

async function benchAggregates(db: ScaleDb, member: { userId: string; email: string }) {
  const user = { sub: member.userId, email: member.email, role: "authenticated" as const };
  console.log(`\nAggregates, with RLS (member) and without (service role); load average ${load3()}`);
  for (const a of AGGREGATES) {
    const run = (tx: Tx) => tx.execute(rawSql(a.sql, db.orgId));
    const explain = async (tx: Tx) => {
      const rows = (await tx.execute(
        rawSql(`explain (analyze, format json) ${a.sql}`, db.orgId),
      )) as unknown as {
        "QUERY PLAN": { Plan: PlanNode }[];
      }[];
      return planFacts(rows[0]?.["QUERY PLAN"][0]?.Plan ?? {});
    };
    const withRls = await timed(() => withUser(user, run, db.handle.db));
    const without = await timed(() => withService(run, db.handle.db));
    const planRls = await withUser(user, explain, db.handle.db);
    const planNo = await withService(explain, db.handle.db);
    const ratio = median(withRls) / median(without);
    console.log(`  ${a.name}`);
    console.log(
      `    with RLS     ${ms(withRls)}  workers ${planRls.workers}, sorts on disk ${planRls.diskSorts}`,
    );
    console.log(
      `    without RLS  ${ms(without)}  workers ${planNo.workers}, sorts on disk ${planNo.diskSorts}`,
    );
    console.log(`    ratio ${ratio.toFixed(2)}`);
  }
}

/** The statement with the organization's id in place of $1 (a uuid read from the database). */
function rawSql(text: string, orgId: string) {
  if (!/^[0-9a-f-]{36}$/.test(orgId)) throw new Error(`not a uuid: ${orgId}`);
  return sql.raw(text.replaceAll("$1", `'${orgId}'::uuid`));
}

/**
 * Each statement the campaign page sends, run again under EXPLAIN ANALYZE as the member: its time,
 * the tables it scans sequentially, sorts or hashes that spill to disk, and JIT.
 */
async function explainCampaignPage(db: ScaleDb, url: string, user: UserClaims, actor: Actor) {
  const log = statementLog();
  const target = new URL(url);
  target.pathname = `/${(await db.handle.query<{ db: string }>("select current_database() as db"))[0]?.db}`;
  const logged = await openDb({ kind: "postgres", url: target.toString(), max: 1, logger: log.logger });
  try {
    const { statements } = await log.record(() =>
      withUser(user, (tx) => getCampaignPage({ tx, actor, campaignId: db.campaignId, now: NOW }), logged.db, {
        snapshot: true,
      }),
    );
    const queries = statements.filter(
      (q) => /^\s*(select|with)\b/i.test(q.sql) && !q.sql.includes("set_config("),
    );
    console.log(`  EXPLAIN ANALYZE of the campaign page's ${queries.length} statements (member, RLS):`);
    await withUser(
      user,
      async (tx) => {
        for (const q of queries) {
          const [row] = rowsOf<{
            "QUERY PLAN": { Plan: PlanNode; "Execution Time": number; JIT?: unknown }[];
          }>(await tx.execute(sql`explain (analyze, buffers, format json) ${rebound(q)}`));
          const plan = row?.["QUERY PLAN"][0];
          if (!plan) continue;
          const seq = new Set<string>();
          let spills = 0;
          const walk = (n: PlanNode) => {
            if (n["Node Type"] === "Seq Scan" && n["Relation Name"]) seq.add(n["Relation Name"]);
            if (n["Sort Space Type"] === "Disk" || (n["Temp Written Blocks"] ?? 0) > 0) spills += 1;
            for (const c of n.Plans ?? []) walk(c);
          };
          walk(plan.Plan);
          const what = q.sql.replace(/\s+/g, " ").trim().slice(0, 70);
          if (process.env.BENCH_EXPLAIN === "full") {
            const text = rowsOf<{ "QUERY PLAN": string }>(
              await tx.execute(sql`explain (analyze, buffers) ${rebound(q)}`),
            );
            console.log(text.map((r) => `      ${r["QUERY PLAN"]}`).join("\n"));
          }
          console.log(
            `    ${plan["Execution Time"].toFixed(1).padStart(8)} ms  seq scans: ${[...seq].join(", ") || "none"}; ` +
              `spills: ${spills}; JIT: ${plan.JIT ? "yes" : "no"}  ${what}`,
          );
        }
      },
      db.handle.db,
    );
  } finally {
    await logged.close();
  }
}

type Target = { name: string; path: string };

async function targets(db: ScaleDb): Promise<{ pages: Target[]; searches: Target[] }> {
  const [lead] = await db.handle.query<{ id: string }>(
    `select id::text from public.leads where campaign_id = $1 and deleted_at is null
     order by created_at desc, id desc limit 1`,
    [db.campaignId],
  );
  const [call] = await db.handle.query<{ id: string }>(
    "select id::text from public.calls where org_id = $1 order by created_at desc nulls last, id desc nulls last limit 1",
    [db.orgId],
  );
  const [rare] = await db.handle.query<{ email: string }>(
    "select email from public.leads where org_id = $1 and deleted_at is null order by created_at limit 1",
    [db.orgId],
  );
  return {
    pages: [
      { name: "/dashboard", path: "/dashboard" },
      { name: "/leads", path: "/leads" },
      { name: "/leads/[id]", path: `/leads/${lead?.id}` },
      { name: "/campaigns", path: "/campaigns" },
      { name: "/campaigns/[id] (250k leads)", path: `/campaigns/${db.campaignId}` },
      { name: "/calls", path: "/calls" },
      { name: "/calls/[id]", path: `/calls/${call?.id}` },
      { name: "/appointments", path: "/appointments" },
      { name: "/outbox", path: "/outbox" },
      { name: "/settings", path: "/settings" },
      { name: "/leads/do-not-call", path: "/leads/do-not-call" },
      { name: "/leads/trash", path: "/leads/trash" },
    ],
    searches: [
      // Company names repeat every 211 leads among a third of them: ~1,600 matches.
      { name: 'search common ("company 17")', path: `/leads?q=${encodeURIComponent("company 17")}` },
      { name: `search rare ("${rare?.email}")`, path: `/leads?q=${encodeURIComponent(rare?.email ?? "")}` },
      { name: 'search every lead ("example.com")', path: `/leads?q=${encodeURIComponent("example.com")}` },
    ],
  };
}

/** Each page and search over HTTP, then the campaign page's data in process and its plans. */
async function benchPagesOn(
  db: ScaleDb,
  url: string,
  member: { userId: string; email: string },
  get: (path: string) => Promise<void>,
) {
  const { pages, searches } = await targets(db);
  console.log(
    `\nPages (next start, server time to the last byte, member, median of ${RUNS} warm); load average ${load3()}`,
  );
  for (const t of [...pages, ...searches]) {
    console.log(`  ${t.name.padEnd(44)} ${ms(await timed(() => get(t.path)))}`);
  }
  const user = { sub: member.userId, email: member.email, role: "authenticated" as const };
  const actor = { userId: member.userId, email: member.email, orgId: db.orgId, role: "member" as const };
  const campaignId = db.campaignId;
  // The page refreshes itself as a whole every 3 seconds: its server time above is the poll's.
  console.log("  campaign page's data, in process, in one snapshot transaction:");
  const page = await timed(() =>
    withUser(user, (tx) => getCampaignPage({ tx, actor, campaignId, now: NOW }), db.handle.db, {
      snapshot: true,
    }),
  );
  console.log(`    ${"page (getCampaignPage)".padEnd(42)} ${ms(page)}`);
  const poll = await timed(() =>
    withUser(user, (tx) => getCampaignProgress({ tx, actor, campaignId, now: NOW }), db.handle.db),
  );
  console.log(`    ${"progress alone (getCampaignProgress)".padEnd(42)} ${ms(poll)}`);
  await explainCampaignPage(db, url, user, actor);
  console.log(`  load average after the pages ${load3()}`);
}

async function benchServer(db: ScaleDb, member: { userId: string; email: string }, url: string) {
  const ingestCalls = INGEST_CALLS + INGEST_WARMUP;
  // Two batches of calls in flight (one per concurrency), in an organization of their own.
  const ingest = await seedIngestCalls(db.handle, ingestCalls * 2);
  const bodies = retellBodies(ingest);
  const secret = randomBytes(32).toString("base64");
  const port = Number(process.env.BENCH_PORT ?? 0) || (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const target = new URL(url);
  target.pathname = `/${(await db.handle.query<{ db: string }>("select current_database() as db"))[0]?.db}`;
  const child = startServer(port, {
    DATABASE_URL: target.toString(),
    SESSION_SECRET: secret,
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    APP_URL: base,
    RETELL_API_KEY: INGEST_KEY,
    SEED_DEMO: "false",
    // The seeded campaigns are active: no tick may dial them while the pages are measured.
    DIALER_TICK_SECONDS: "0",
    LOG_LEVEL: "warn",
  });
  try {
    await waitForHealth(base, child);
    const cookie = await sessionCookie(db.handle, member, db.orgId, secret);
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: "manual" });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 200)}`);
    };
    if (process.env.BENCH_PAGES !== "0") await benchPagesOn(db, url, member, get);

    const health = () => fetch(`${base}/api/health`);
    const concurrencies = process.env.BENCH_INGEST === "0" ? [] : [10, 50];
    for (const [i, concurrency] of concurrencies.entries()) {
      const offset = i * ingestCalls;
      const webhook = (j: number) => postRetell(base, bodies[offset + j] as string);
      await load(INGEST_WARMUP, health, concurrency);
      await load(INGEST_WARMUP, (j) => webhook(INGEST_CALLS + j), concurrency);
      await drained(db.handle, 120_000);
      const before = load3();
      const h: Figures = await load(HEALTH_REQUESTS, health, concurrency);
      const w: Figures = await load(INGEST_CALLS, webhook, concurrency);
      const answeredAt = performance.now();
      const applied = await drained(db.handle, 300_000);
      console.log(
        `\nIngest at concurrency ${concurrency} (same server); load average ${before} → ${load3()}`,
      );
      console.log(`  GET /api/health                 ${fmt(h)}`);
      console.log(`  POST /api/webhooks/retell       ${fmt(w)}`);
      console.log(`  ratio webhook / health          ${(w.perSecond / h.perSecond).toFixed(2)}`);
      if (applied) {
        console.log(
          `  every event applied ${((performance.now() - answeredAt) / 1000).toFixed(1)} s after the last answer`,
        );
      }
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await db.handle
      .query("delete from public.organizations where id = $1", [ingest.orgId])
      .catch((e: Error) => {
        console.error(`pages bench: could not remove the ingest organization: ${e.message}`);
      });
  }
}

export async function benchPages() {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log("pages: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a Postgres server; skipped");
    return;
  }
  const leads = Number(process.env.BENCH_PAGES_LEADS ?? 1_000_000);
  const name = process.env.BENCH_PAGES_DB ?? `dialer_bench_pages_${leads}`;
  console.log(`Pages at ${leads.toLocaleString()} leads (Postgres, production build)`);
  const db = await openScaleDb(url, name, leads, process.env.BENCH_DROP !== "1");
  try {
    const member = await ensureMember(db.handle, db.orgId);
    if (process.env.BENCH_AGGREGATES !== "0") await benchAggregates(db, member);
    await benchServer(db, member, url);
  } finally {
    await db.close();
  }
}
