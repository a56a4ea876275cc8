/**
 * What the dashboard and a campaign's Results tab cost at one organization with 1,000,000 calls
 * across 100 campaigns over 90 days (prints, asserts nothing):
 *   BENCH_DATABASE_URL=postgres://… npm run bench -- dashboard
 * Seeds the database BENCH_DASHBOARD_DB (default dialer_bench_dashboard) once: 404,000 leads, ~1M
 * calls (inserted 100,000 to a statement, so the rollup triggers do the counting), 200,000
 * follow-up emails; a later run reuses it (and applies pending migrations). Then times each report
 * query as the signed-in owner under RLS (`withUser`) and the same statement without RLS (the
 * table owner), median of BENCH_RUNS (default 7) after one warm-up, and one call update through
 * the triggers. BENCH_DROP=1 drops the database afterwards.
 */
import { loadavg } from "node:os";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import type { Tx } from "../src/lib/db/client";
import { openDb } from "../src/lib/db/client";
import { migrate } from "../src/lib/db/migrate";
import {
  readSetupState,
  reportAttempts,
  reportByCampaign,
  reportByDay,
  reportLeadHours,
  reportTotals,
} from "../src/lib/db/queries/reports";
import { withUser } from "../src/lib/db/with-user";
import { planDays, planHours } from "../src/lib/reports/buckets";
import { reportQuerySchema, resolvePeriod } from "../src/lib/reports/periods";
import { getReport } from "../src/lib/services/reports/get-report";
import { median, seedTenant } from "./bench-db";

const NOW = new Date("2026-12-02T17:00:00Z"); // a Wednesday, noon in New York

const SEED_SQL = [
  `insert into public.campaigns (org_id, name, default_timezone, status, voice_provider)
select $1, 'Campaign ' || lpad(i::text, 3, '0'), 'America/New_York', 'active',
  (case when i % 10 = 0 then 'simulator' else 'retell' end)::public.voice_provider
from generate_series(1, 100) i`,
  `insert into public.leads (org_id, campaign_id, phone, timezone, timezone_source, status)
select $1, c.id, '+1' || (2000000000 + c.n * 10000 + g)::text,
  (array['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Phoenix',
    'Pacific/Honolulu'])[1 + g % 6], 'inferred', 'pending'
from (select id, row_number() over (order by name) as n from public.campaigns where org_id = $1) c,
  generate_series(0, 4039) g`,
];

/** 10 campaigns' calls (10,000 each) in one statement: leads called up to 3 times over 90 days. */
const CALLS_SQL = `
insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider, provider_account, to_number,
  lead_timezone, result, outcome, duration_seconds, cost_cents, queued_at, deadline_at, created_at, updated_at)
select $1, l.campaign_id, l.id, a.attempt_no,
  case when x.at > $2::timestamptz - interval '10 minutes' then 'live' else 'ended' end::public.call_status,
  k.voice_provider, k.voice_provider || ':bench', l.phone, l.timezone,
  case when x.at > $2::timestamptz - interval '10 minutes' then null else x.result end::public.call_result,
  case when x.result = 'answered' and x.at <= $2::timestamptz - interval '10 minutes' then
    (array['booked', 'not_interested', 'not_interested', 'callback', 'unknown', 'unknown'])[1 + (x.r2 * 6)::int % 6]
  end::public.call_outcome,
  case x.result when 'answered' then 30 + (x.r2 * 570)::int when 'voicemail' then 20 + (x.r2 * 20)::int end,
  case when x.r2 < 0.02 then null
    else 2 + (case x.result when 'answered' then (x.r2 * 120)::int when 'voicemail' then 4 else 1 end) end,
  x.at, x.at + interval '75 minutes', x.at, x.at
from public.leads l
join public.campaigns k on k.id = l.campaign_id
cross join lateral (select generate_series(1, case when (hashtext(l.id::text) & 1) = 0 then 3 else 2 end) as attempt_no) a
cross join lateral (
  select r.at, r.r2,
    case when r.r1 < 0.30 then 'answered' when r.r1 < 0.50 then 'voicemail' when r.r1 < 0.85 then 'no_answer'
      when r.r1 < 0.95 then 'busy' else 'failed' end as result
  from (select random() as r1, random() as r2,
    -- 90 days back, inside 08:00-21:00 in the lead's zone
    ((($2::timestamptz - (floor(random() * 90) || ' days')::interval) at time zone l.timezone)::date
      + time '08:00' + (random() * 13 * 3600 || ' seconds')::interval) at time zone l.timezone as at
  ) r
) x
where l.org_id = $1 and l.campaign_id = any($3::uuid[]) and x.at < $2::timestamptz
`;

const EMAILS_SQL = `
insert into public.emails (org_id, lead_id, call_id, campaign_id, kind, dedupe_key, transport, status, from_address,
  subject, html, text, unsubscribe_token, created_at, updated_at)
select c.org_id, c.lead_id, c.id, c.campaign_id,
  (case c.result when 'answered' then 'confirmation' else 'missed_call' end)::public.email_kind,
  'bench/' || c.id, 'resend',
  (array['sent', 'delivered', 'delivered', 'delivered', 'bounced'])[1 + (hashtext(c.id::text) & 7) % 5]::public.email_status,
  'Bench <bench@example.test>', 'Follow-up', '<p>Hi</p>', 'Hi', md5(c.id::text), c.created_at + interval '1 minute',
  c.created_at + interval '1 minute'
from public.calls c
where c.org_id = $1 and c.status = 'ended' and c.result in ('answered', 'voicemail') and (hashtext(c.id::text) & 3) = 0
`;

type Query = { name: string; run: (tx: Tx) => Promise<unknown> };

function queries(orgId: string, campaignId: string): Query[] {
  const actor = { userId: "", email: "", orgId, role: "owner" as const };
  const period = (p: string, zone = "America/New_York") =>
    resolvePeriod(reportQuerySchema.parse({ period: p }), NOW, zone);
  const d7 = period("7d");
  const d30 = period("30d");
  const today = period("today");
  const d30k = period("30d", "Asia/Kolkata");
  const all = { start: new Date(NOW.getTime() - 90 * 86_400_000), end: NOW };
  const org = { orgId };
  const one = { orgId, campaignId };
  return [
    {
      name: "totals today",
      run: (tx) => reportTotals(tx, { ...org, plan: planHours(today.start, today.end) }),
    },
    { name: "totals 7 days", run: (tx) => reportTotals(tx, { ...org, plan: planHours(d7.start, d7.end) }) },
    {
      name: "totals 30 days",
      run: (tx) => reportTotals(tx, { ...org, plan: planHours(d30.start, d30.end) }),
    },
    {
      name: "totals 30 days, previous",
      run: (tx) => reportTotals(tx, { ...org, plan: planHours(d30.prevStart, d30.prevEnd) }),
    },
    {
      name: "totals 90 days",
      run: (tx) => reportTotals(tx, { ...org, plan: planHours(all.start, all.end) }),
    },
    {
      name: "per day 30 days (New York)",
      run: (tx) =>
        reportByDay(tx, {
          ...org,
          zone: "America/New_York",
          plan: planHours(d30.start, d30.end, "America/New_York"),
        }),
    },
    {
      name: "per day 30 days (Kolkata, :30)",
      run: (tx) =>
        reportByDay(tx, {
          ...org,
          zone: "Asia/Kolkata",
          plan: planHours(d30k.start, d30k.end, "Asia/Kolkata"),
        }),
    },
    {
      name: "per campaign 30 days",
      run: (tx) => reportByCampaign(tx, { orgId, plan: planHours(d30.start, d30.end) }),
    },
    {
      name: "per campaign 90 days",
      run: (tx) => reportByCampaign(tx, { orgId, plan: planHours(all.start, all.end) }),
    },
    {
      name: "heatmap today",
      run: (tx) => reportLeadHours(tx, { ...org, plan: planDays(today.start, today.end) }),
    },
    {
      name: "heatmap 30 days",
      run: (tx) => reportLeadHours(tx, { ...org, plan: planDays(d30.start, d30.end) }),
    },
    {
      name: "heatmap 90 days",
      run: (tx) => reportLeadHours(tx, { ...org, plan: planDays(all.start, all.end) }),
    },
    {
      name: "campaign totals 30 days",
      run: (tx) => reportTotals(tx, { ...one, plan: planHours(d30.start, d30.end) }),
    },
    {
      name: "campaign per day 30 days",
      run: (tx) =>
        reportByDay(tx, {
          ...one,
          zone: "America/New_York",
          plan: planHours(d30.start, d30.end, "America/New_York"),
        }),
    },
    {
      name: "campaign heatmap 30 days",
      run: (tx) => reportLeadHours(tx, { ...one, plan: planDays(d30.start, d30.end) }),
    },
    {
      name: "campaign attempts 30 days",
      run: (tx) => reportAttempts(tx, { ...one, plan: planDays(d30.start, d30.end) }),
    },
    {
      name: "campaign attempts 90 days",
      run: (tx) => reportAttempts(tx, { ...one, plan: planDays(all.start, all.end) }),
    },
    { name: "get started (setup state)", run: (tx) => readSetupState(tx, { orgId }) },
    {
      name: "= dashboard 30 days (all)",
      run: (tx) =>
        getReport({
          tx,
          actor,
          query: reportQuerySchema.parse({ period: "30d" }),
          now: NOW,
          zone: "America/New_York",
          view: "dashboard",
        }),
    },
    {
      name: "= Results tab 30 days (all)",
      run: (tx) =>
        getReport({
          tx,
          actor,
          query: reportQuerySchema.parse({ period: "30d", campaignId }),
          now: NOW,
          zone: "America/New_York",
          view: "campaign",
        }),
    },
  ];
}

const fmt = (ms: number) => ms.toFixed(1).padStart(7);

export async function benchDashboard() {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log("dashboard: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a Postgres server; skipped");
    return;
  }
  const runs = Number(process.env.BENCH_RUNS ?? 7);
  const name = process.env.BENCH_DASHBOARD_DB ?? "dialer_bench_dashboard";
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
  if (!exists) await admin.unsafe(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openDb({ kind: "postgres", url: target.toString(), max: 2 });
  try {
    const migrating = performance.now();
    const { applied } = await migrate(handle, { bootstrap: true });
    const migrateMs = performance.now() - migrating;
    let [tenant] = await handle.query<{ org_id: string; user_id: string; email: string }>(
      `select m.org_id::text, m.user_id::text, u.email from public.memberships m
       join auth.users u on u.id = m.user_id order by m.created_at limit 1`,
    );
    console.log("Dashboard and Results tab (Postgres, one organization, 1M calls, 100 campaigns, 90 days)");
    if (!tenant) {
      const started = performance.now();
      const t = await seedTenant(handle, "Unused");
      await handle.query("delete from public.campaigns where id = $1", [t.campaignId]);
      for (const statement of SEED_SQL) await handle.query(statement, [t.orgId]);
      const campaigns = (
        await handle.query<{ id: string }>(
          "select id::text from public.campaigns where org_id = $1 order by name",
          [t.orgId],
        )
      ).map((r) => r.id);
      let insertMs = 0;
      for (let i = 0; i < campaigns.length; i += 10) {
        const s = performance.now();
        await handle.query(CALLS_SQL, [
          t.orgId,
          NOW.toISOString(),
          `{${campaigns.slice(i, i + 10).join(",")}}`,
        ]);
        insertMs += performance.now() - s;
      }
      await handle.query(EMAILS_SQL, [t.orgId]);
      await handle.execScript("analyze");
      tenant = { org_id: t.orgId, user_id: t.actor.userId, email: t.actor.email };
      console.log(
        `  seeded ${name} in ${((performance.now() - started) / 1000).toFixed(0)} s ` +
          `(calls: ${(insertMs / 1000).toFixed(0)} s for 10 statements of ~100,000 rows, triggers included)`,
      );
    } else {
      if (applied.length) await handle.execScript("analyze");
      console.log(
        `  reused ${name}; applied ${applied.join(", ") || "nothing"}` +
          (applied.length ? ` in ${(migrateMs / 1000).toFixed(1)} s` : ""),
      );
    }
    const orgId = tenant.org_id;
    const [size] = await handle.query<{
      calls: number;
      leads: number;
      emails: number;
      hourly: number;
      org_hourly: number;
      org_lead_hours: number;
      lead_hours: number;
      attempts: number;
    }>(
      `select (select count(*) from public.calls where org_id = $1)::int as calls,
        (select count(*) from public.leads where org_id = $1)::int as leads,
        (select count(*) from public.emails where org_id = $1)::int as emails,
        (select count(*) from public.report_hourly where org_id = $1)::int as hourly,
        (select count(*) from public.report_org_hourly where org_id = $1)::int as org_hourly,
        (select count(*) from public.report_org_lead_hours where org_id = $1)::int as org_lead_hours,
        (select count(*) from public.report_lead_hours where org_id = $1)::int as lead_hours,
        (select count(*) from public.report_attempts where org_id = $1)::int as attempts`,
      [orgId],
    );
    console.log(
      `  ${size?.calls.toLocaleString()} calls, ${size?.leads.toLocaleString()} leads, ${size?.emails.toLocaleString()} emails; ` +
        `rollup rows: hourly ${size?.hourly.toLocaleString()} (organization: ${size?.org_hourly.toLocaleString()}), ` +
        `lead hours ${size?.lead_hours.toLocaleString()} (organization: ${size?.org_lead_hours.toLocaleString()}), ` +
        `attempts ${size?.attempts.toLocaleString()}`,
    );
    const [campaign] = await handle.query<{ id: string }>(
      "select id::text from public.campaigns where org_id = $1 order by name limit 1",
      [orgId],
    );
    if (!campaign) throw new Error("no campaign seeded");
    const user = { sub: tenant.user_id, email: tenant.email, role: "authenticated" as const };
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(2))
        .join(" ");
    console.log(`  load average before: ${load()}`);
    console.log(
      `  ${"query".padEnd(32)} ${"RLS ms".padStart(7)} ${"no RLS".padStart(7)}  ratio  (median of ${runs})`,
    );
    for (const q of queries(orgId, campaign.id)) {
      const rls: number[] = [];
      const plain: number[] = [];
      // Alternate the two, so a burst of load from elsewhere hits both alike.
      // Only the query's own time, inside its transaction: withUser's set_config and the commit
      // are the same for every page and are not the query.
      const timed = async (tx: Tx) => {
        const s = performance.now();
        await q.run(tx);
        return performance.now() - s;
      };
      for (let i = 0; i <= runs; i++) {
        const a = await withUser(user, timed, handle.db);
        const b = await handle.db.transaction(timed);
        if (i > 0) {
          rls.push(a);
          plain.push(b);
        }
      }
      const [a, b] = [median(rls), median(plain)];
      console.log(`  ${q.name.padEnd(32)} ${fmt(a)} ${fmt(b)}  ${(a / b).toFixed(2)}x`);
    }
    // One outcome write: a call's result, duration and cost change (and change back on the next
    // sample), with the rollup triggers, and the same with triggers off, for their cost.
    const [call] = await handle.query<{ id: string }>(
      "select id::text from public.calls where org_id = $1 and status = 'ended' and result = 'no_answer' limit 1",
      [orgId],
    );
    const flip = sql`update public.calls set result = case when result = 'answered' then 'no_answer' else 'answered' end::public.call_result,
      duration_seconds = 60, cost_cents = 10 where id = ${call?.id}`;
    for (const triggers of [true, false]) {
      const writes: number[] = [];
      for (let i = 0; i <= runs * 3; i++) {
        const s = performance.now();
        await handle.db.transaction(async (tx) => {
          if (!triggers) await tx.execute(sql`set local session_replication_role = replica`);
          await tx.execute(flip);
        });
        if (i > 0) writes.push(performance.now() - s);
      }
      console.log(
        `  one call update ${triggers ? "with its rollup writes" : "with triggers off"}: median ${median(writes).toFixed(1)} ms`,
      );
    }
    // Put the call back where it was, through the triggers, so the rollup stays exact.
    await handle.query(
      "update public.calls set result = 'no_answer', duration_seconds = null where id = $1",
      [call?.id],
    );
    console.log(`  load average after: ${load()}`);
  } finally {
    await handle.close();
    if (process.env.BENCH_DROP === "1") await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
