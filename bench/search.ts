/**
 * bench/search: the lead table's search at an organization's realistic size (prints, asserts
 * nothing). Seeds one organization with BENCH_LEADS leads (default 1,000,000;
 * tests/helpers/seed-at-scale.ts: four campaigns, one lead in 100 in the trash) into the database
 * named by BENCH_DATABASE_URL itself (created by you, e.g. `createdb bench_me`), once: a later run
 * applies pending migrations only and measures again on the same rows, for before/after figures.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_me npm run bench -- search
 *
 * Each case is a page of `/leads?q=…` as the signed-in owner under RLS (`listLeads`, exactly
 * what the page loads: candidate lookup, count, page), median of BENCH_RUNS (default 5) after one
 * warm-up; and, for comparison, the same filter's count and page as the superuser (no RLS, every
 * column statistic visible to the planner). The seeded names: `First<i % 997>`,
 * `Last<i % 1009>`, `Company <i % 211>` on a third of the leads, `lead<i>@example.com`,
 * `+1<2000000000 + i>`.
 */
import { loadavg } from "node:os";
import type { Tx } from "../src/lib/db/client";
import { openDb } from "../src/lib/db/client";
import { migrate } from "../src/lib/db/migrate";
import { countLeadsCapped, listLeadsPage } from "../src/lib/db/queries/leads";
import { withUser } from "../src/lib/db/with-user";
import { type LeadListQuery, parseLeadSearchParams } from "../src/lib/schemas/lead";
import { listLeads } from "../src/lib/services/leads/list-leads";
import { seedOrgAtScale } from "../tests/helpers/seed-at-scale";
import { median, seedTenant } from "./bench-db";

const NOW = new Date("2026-12-02T17:00:00Z");

/** Search cases: what share of the leads each term matches is printed with its figures. */
function cases(campaignId: string): { name: string; params: Record<string, string> }[] {
  return [
    { name: '"example.com" (every lead)', params: { q: "example.com" } },
    { name: '"example.com", page 100', params: { q: "example.com", page: "100" } },
    { name: '"example.com" by name', params: { q: "example.com", sort: "name" } },
    { name: '"example.com" by last call', params: { q: "example.com", sort: "lastCalled", dir: "desc" } },
    { name: '"example.com" in a campaign', params: { q: "example.com", campaign: campaignId } },
    { name: '"example.com", status callback', params: { q: "example.com", status: "callback" } },
    { name: '"example.com", Denver', params: { q: "example.com", tz: "America/Denver" } },
    { name: '"first1" (~11%)', params: { q: "first1" } },
    { name: '"first1", page 150', params: { q: "first1", page: "150" } },
    { name: '"company 2" (~3.5%)', params: { q: "company 2" } },
    { name: '"company 2" by company', params: { q: "company 2", sort: "company" } },
    { name: '"last100" (~1%)', params: { q: "last100" } },
    { name: '"last100", page 190', params: { q: "last100", page: "190" } },
    { name: '"first99" (~0.8%)', params: { q: "first99" } },
    { name: '"lead12345" (rare)', params: { q: "lead12345" } },
    { name: '"(200) 001-2345" (a number)', params: { q: "(200) 001-2345" } },
    { name: '"zzz" (nothing)', params: { q: "zzz" } },
    { name: '"ex" (2 letters, every lead)', params: { q: "ex" } },
    { name: '"zq" (2 letters, nothing)', params: { q: "zq" } },
  ];
}

async function timed(runs: number, fn: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    await fn();
    if (i > 0) times.push(performance.now() - started);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times) };
}

export async function benchSearch() {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    console.log(
      "search: set BENCH_DATABASE_URL to a Postgres database of your own (it is seeded once); skipped",
    );
    return;
  }
  const leads = Number(process.env.BENCH_LEADS ?? 1_000_000);
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const handle = await openDb({ kind: "postgres", url, max: 2 });
  try {
    const { applied } = await migrate(handle, { bootstrap: true });
    const [seeded] = await handle.query<{ org_id: string; user_id: string; email: string }>(
      `select m.org_id::text, m.user_id::text, u.email from public.memberships m
       join auth.users u on u.id = m.user_id order by m.created_at limit 1`,
    );
    let tenant: { orgId: string; userId: string; email: string };
    if (seeded) {
      tenant = { orgId: seeded.org_id, userId: seeded.user_id, email: seeded.email };
      if (applied.length) await handle.execScript("analyze");
      console.log(`search: reused the seeded database; applied ${applied.join(", ") || "nothing"}`);
    } else {
      const started = performance.now();
      const t = await seedTenant(handle, "Unused");
      await handle.query("delete from public.campaigns where id = $1", [t.campaignId]);
      await seedOrgAtScale(handle, { orgId: t.orgId, leads, now: NOW });
      tenant = { orgId: t.orgId, userId: t.actor.userId, email: t.actor.email };
      console.log(
        `search: seeded ${leads.toLocaleString()} leads in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    }
    const [campaign] = await handle.query<{ id: string }>(
      "select id::text from public.campaigns where org_id = $1 order by name limit 1",
      [tenant.orgId],
    );
    const [size] = await handle.query<{ n: number }>(
      "select count(*)::int as n from public.leads where org_id = $1 and deleted_at is null",
      [tenant.orgId],
    );
    const live = size?.n ?? 0;
    const user = { sub: tenant.userId, email: tenant.email, role: "authenticated" as const };
    const actor = { userId: tenant.userId, email: tenant.email, orgId: tenant.orgId, role: "owner" as const };
    console.log(
      `Lead search (Postgres, ${live.toLocaleString()} live leads in one organization), median of ${runs} after a warm-up, ms`,
    );
    console.log(
      `  load average before: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    console.log(
      `  ${"case".padEnd(34)} ${"matches".padStart(9)}  ${"RLS (owner)".padStart(22)}  ${"superuser".padStart(10)}`,
    );
    for (const c of cases(campaign?.id ?? "")) {
      const query: LeadListQuery = parseLeadSearchParams(c.params);
      const result = await withUser(user, (tx) => listLeads({ tx, actor, query }), handle.db);
      const rls = await timed(runs, () => withUser(user, (tx) => listLeads({ tx, actor, query }), handle.db));
      // The same count and page without RLS: what the planner does when it sees the statistics.
      const superuser = await timed(runs, () =>
        handle.db.transaction(async (tx) => {
          const t = tx as unknown as Tx;
          await countLeadsCapped(t, { orgId: tenant.orgId, filter: query.filter });
          await listLeadsPage(t, { ...query, orgId: tenant.orgId, page: result.page });
        }),
      );
      const matches = `${result.total.toLocaleString()}${result.capped ? "+" : ""}`;
      const underRls = `${rls.median.toFixed(1).padStart(8)} (${rls.min.toFixed(0)}-${rls.max.toFixed(0)})`;
      console.log(
        `  ${c.name.padEnd(34)} ${matches.padStart(9)}  ${underRls.padEnd(22)}  ${superuser.median.toFixed(1).padStart(10)}  rows ${result.rows.length}`,
      );
    }
    console.log(
      `  load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    await handle.close();
  }
}
