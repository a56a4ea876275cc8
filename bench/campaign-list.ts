/**
 * The campaigns list's cost at four campaigns of 250,000 leads (prints, asserts nothing):
 *   BENCH_DATABASE_URL=postgres://…/bench_x npm run bench -- campaign-list
 * Seeds the database at that URL once (tests/helpers/seed-at-scale.ts: 1,000,000 leads, a call per
 * lead) and reuses it on later runs (pending migrations applied), then times what /campaigns loads
 * under the user's role and RLS (`withUser`), median of BENCH_RUNS (default 5) after one warm-up,
 * and prints the plan of each query.
 */
import { loadavg } from "node:os";
import { sql } from "drizzle-orm";
import { openDb } from "../src/lib/db/client";
import { migrate } from "../src/lib/db/migrate";
import { listCampaignCounts, listCampaigns, listCampaignsQuery } from "../src/lib/db/queries/campaigns";
import { withUser } from "../src/lib/db/with-user";
import { seedOrgAtScale } from "../tests/helpers/seed-at-scale";
import { median, seedTenant } from "./bench-db";

const NOW = new Date("2026-12-02T17:00:00Z");

export async function benchCampaignList() {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    console.log("campaign-list: set BENCH_DATABASE_URL to a Postgres database of its own; skipped");
    return;
  }
  const leads = Number(process.env.BENCH_LEADS ?? 1_000_000);
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const handle = await openDb({ kind: "postgres", url, max: 2 });
  try {
    const { applied } = await migrate(handle, { bootstrap: true });
    let [tenant] = await handle.query<{ orgId: string; userId: string; email: string }>(
      `select m.org_id::text as "orgId", m.user_id::text as "userId", u.email from public.memberships m
       join auth.users u on u.id = m.user_id order by m.created_at limit 1`,
    );
    if (!tenant) {
      const started = performance.now();
      const t = await seedTenant(handle, "Unused");
      await handle.query("delete from public.campaigns where id = $1", [t.campaignId]);
      await seedOrgAtScale(handle, { orgId: t.orgId, leads, now: NOW });
      tenant = { orgId: t.orgId, userId: t.actor.userId, email: t.actor.email };
      console.log(
        `seeded ${leads.toLocaleString()} leads in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    } else if (applied.length) {
      await handle.execScript("analyze");
      console.log(`reused; applied ${applied.join(", ")}`);
    }
    const { orgId } = tenant;
    const user = { sub: tenant.userId, email: tenant.email, role: "authenticated" as const };
    console.log(
      `load average before: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    const steps = {
      "campaigns + lead counts": () => withUser(user, (tx) => listCampaigns(tx, { orgId }), handle.db),
      "per-campaign counts": () => withUser(user, (tx) => listCampaignCounts(tx, { orgId }), handle.db),
    };
    for (const [name, run] of Object.entries(steps)) {
      const times: number[] = [];
      for (let i = 0; i <= runs; i++) {
        const started = performance.now();
        await run();
        if (i > 0) times.push(performance.now() - started);
      }
      console.log(
        `  ${name.padEnd(28)} median ${median(times).toFixed(1).padStart(8)} ms  (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`,
      );
    }
    if (process.env.BENCH_EXPLAIN === "1") {
      await withUser(
        user,
        async (tx) => {
          for (const query of [listCampaignsQuery(tx, { orgId }).toSQL(), listCampaignCountsSql(orgId)]) {
            const plan = await tx.execute(sql.raw(`explain (analyze, buffers) ${inline(query)}`));
            console.log(
              (plan as unknown as { "QUERY PLAN": string }[]).map((r) => r["QUERY PLAN"]).join("\n"),
            );
          }
        },
        handle.db,
      );
    }
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    await handle.close();
  }
}

function inline(q: { sql: string; params: unknown[] }): string {
  return q.sql.replace(/\$(\d+)/g, (_, n) => `'${String(q.params[Number(n) - 1])}'`);
}

/** `listCampaignCounts`'s statement, for its plan. */
function listCampaignCountsSql(orgId: string) {
  return {
    sql: `select campaign_id, count(*)::int, count(*) filter (where result = 'answered')::int
          from public.calls where org_id = $1 group by campaign_id`,
    params: [orgId],
  };
}
