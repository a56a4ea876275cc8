/**
 * What each list page's data costs at an organization's realistic size (prints, asserts nothing):
 *   BENCH_DATABASE_URL=postgres://… npm run bench -- list-pages
 * Seeds one organization (tests/helpers/seed-at-scale.ts: leads in 4 campaigns, a call per lead,
 * appointments, emails, do-not-call entries) at each size in BENCH_LEADS (default 100000,1000000)
 * into its own database `dialer_bench_pages_<size>`, then times what each page loads, under the
 * user's role and RLS exactly as the page does (`withUser`): median of BENCH_RUNS (default 5)
 * after one warm-up. With BENCH_KEEP=1 the databases stay, and a later run migrates them (pending
 * migrations only) and measures again without reseeding: before/after figures on the same rows.
 */
import { loadavg } from "node:os";
import postgres from "postgres";
import type { DbHandle, Tx } from "../src/lib/db/client";
import { openDb } from "../src/lib/db/client";
import { migrate } from "../src/lib/db/migrate";
import { listCampaigns } from "../src/lib/db/queries/campaigns";
import { listUnfinishedImports } from "../src/lib/db/queries/lead-imports";
import { countLeadsByStatus, listCampaignOptions } from "../src/lib/db/queries/leads";
import { withUser } from "../src/lib/db/with-user";
import { parseLeadSearchParams } from "../src/lib/schemas/lead";
import { appointmentStats } from "../src/lib/services/appointments/appointment-stats";
import {
  appointmentListQuerySchema,
  listAppointments,
} from "../src/lib/services/appointments/list-appointments";
import { callListQuerySchema, listCalls } from "../src/lib/services/calls/list-calls";
import { getCampaignPage } from "../src/lib/services/campaigns/get-campaign-page";
import { getCampaignProgress } from "../src/lib/services/campaigns/get-campaign-progress";
import { previewCampaign } from "../src/lib/services/campaigns/preview-campaign";
import { listDoNotCallPage } from "../src/lib/services/do-not-call/list-do-not-call";
import { emailListQuerySchema, listEmails } from "../src/lib/services/email/list-emails";
import { listLeads } from "../src/lib/services/leads/list-leads";
import { seedOrgAtScale } from "../tests/helpers/seed-at-scale";
import { median, seedTenant } from "./bench-db";

export const NOW = new Date("2026-12-02T17:00:00Z"); // a Wednesday, noon in New York

type Page = { name: string; run: (tx: Tx) => Promise<unknown> };

function pages(orgId: string, actor: Parameters<typeof listCalls>[0]["actor"], campaignId: string): Page[] {
  return [
    {
      name: "/campaigns/[id]",
      // What the campaign page loads (src/app/(dashboard)/campaigns/[id]/page.tsx).
      run: (tx) => getCampaignPage({ tx, actor, campaignId, now: NOW }),
    },
    { name: "  preview", run: (tx) => previewCampaign({ tx, actor, campaignId, now: NOW }) },
    // What the page polls: without the preview's next opening, so it reads the leads for it.
    { name: "  progress (poll)", run: (tx) => getCampaignProgress({ tx, actor, campaignId, now: NOW }) },
    {
      name: "  calls of campaign",
      run: (tx) => listCalls({ tx, actor, query: { page: 1, pageSize: 10, campaignId } }),
    },
    {
      name: "/calls",
      run: async (tx) => ({
        list: await listCalls({ tx, actor, query: callListQuerySchema.parse({}) }),
        campaigns: await listCampaignOptions(tx, { orgId }),
      }),
    },
    {
      name: "/calls?page=200",
      run: (tx) => listCalls({ tx, actor, query: callListQuerySchema.parse({ page: 200 }) }),
    },
    {
      name: "/calls?result=failed",
      run: (tx) => listCalls({ tx, actor, query: callListQuerySchema.parse({ result: "failed" }) }),
    },
    { name: "/outbox", run: (tx) => listEmails({ tx, actor, query: emailListQuerySchema.parse({}) }) },
    {
      name: "/appointments",
      run: async (tx) => ({
        list: await listAppointments({ tx, actor, query: appointmentListQuerySchema.parse({}), now: NOW }),
        stats: await appointmentStats({ tx, actor, now: NOW, zone: "America/New_York" }),
      }),
    },
    {
      name: "/appointments?tab=past",
      run: (tx) =>
        listAppointments({ tx, actor, query: appointmentListQuerySchema.parse({ tab: "past" }), now: NOW }),
    },
    { name: "/leads", run: (tx) => listLeads({ tx, actor, query: parseLeadSearchParams({}) }) },
    { name: "/leads/do-not-call", run: (tx) => listDoNotCallPage({ tx, actor, input: { page: 1 } }) },
    { name: "/leads/import (unfinished)", run: (tx) => listUnfinishedImports(tx, { orgId }) },
    { name: "/campaigns", run: (tx) => listCampaigns(tx, { orgId }) },
    { name: "leads by status (campaign)", run: (tx) => countLeadsByStatus(tx, { orgId, campaignId }) },
  ];
}

export type ScaleDb = {
  handle: DbHandle;
  orgId: string;
  userId: string;
  email: string;
  campaignId: string;
  close(): Promise<void>;
};

/**
 * The database `name` on the server at `url` holding one organization of `leads` leads
 * (seedOrgAtScale), seeded on first use and reused afterwards: a later run only applies the pending
 * migrations (then ANALYZE). Prints what it did and the data's size. `close` drops it unless `keep`.
 */
export async function openScaleDb(url: string, name: string, leads: number, keep: boolean): Promise<ScaleDb> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
  if (!exists) await admin.unsafe(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openDb({ kind: "postgres", url: target.toString(), max: 2 });
  const close = async () => {
    await handle.close();
    if (!keep) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  try {
    const migrating = performance.now();
    const { applied } = await migrate(handle, { bootstrap: true });
    const migrateMs = performance.now() - migrating;
    const [seeded] = await handle.query<{ org_id: string; user_id: string; email: string }>(
      `select m.org_id::text, m.user_id::text, u.email from public.memberships m
       join auth.users u on u.id = m.user_id order by m.created_at limit 1`,
    );
    let tenant: { orgId: string; userId: string; email: string };
    if (seeded) {
      tenant = { orgId: seeded.org_id, userId: seeded.user_id, email: seeded.email };
      console.log(
        `\n${leads.toLocaleString()} leads: reused ${name}; applied ${applied.join(", ") || "nothing"}` +
          (applied.length ? ` in ${(migrateMs / 1000).toFixed(1)} s` : ""),
      );
    } else {
      const started = performance.now();
      const t = await seedTenant(handle, "Unused");
      await handle.query("delete from public.campaigns where id = $1", [t.campaignId]);
      await seedOrgAtScale(handle, { orgId: t.orgId, leads, now: NOW });
      tenant = { orgId: t.orgId, userId: t.actor.userId, email: t.actor.email };
      console.log(
        `\n${leads.toLocaleString()} leads: seeded ${name} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    }
    // What autovacuum keeps up on a live database (it may be off on a bench server): the visibility
    // map that index-only scans need and hint bits set, so no measured read pays for writing them.
    // Cheap when nothing changed since the last run.
    const vacuuming = performance.now();
    await handle.query("vacuum (analyze)");
    console.log(`  vacuum (analyze) in ${((performance.now() - vacuuming) / 1000).toFixed(1)} s`);
    const [campaign] = await handle.query<{ id: string }>(
      "select id::text from public.campaigns where org_id = $1 order by name limit 1",
      [tenant.orgId],
    );
    if (!campaign) throw new Error("no campaign seeded");
    const [size] = await handle.query<{ leads: number; calls: number; appointments: number; emails: number }>(
      `select (select count(*) from public.leads where campaign_id = $1)::int as leads,
        (select count(*) from public.calls)::int as calls,
        (select count(*) from public.appointments)::int as appointments,
        (select count(*) from public.emails)::int as emails`,
      [campaign.id],
    );
    console.log(
      `  campaign of ${size?.leads.toLocaleString()} leads; ${size?.calls.toLocaleString()} calls, ` +
        `${size?.appointments.toLocaleString()} appointments, ${size?.emails.toLocaleString()} emails`,
    );
    return { handle, ...tenant, campaignId: campaign.id, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function benchAt(url: string, leads: number, runs: number, keep: boolean) {
  const db = await openScaleDb(url, `dialer_bench_pages_${leads}`, leads, keep);
  const { handle } = db;
  const tenant = db;
  const campaign = { id: db.campaignId };
  try {
    const user = { sub: tenant.userId, email: tenant.email, role: "authenticated" as const };
    const actor = { userId: tenant.userId, email: tenant.email, orgId: tenant.orgId, role: "owner" as const };
    console.log(
      `  load average before: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    for (const page of pages(tenant.orgId, actor, campaign.id)) {
      const times: number[] = [];
      for (let i = 0; i <= runs; i++) {
        const started = performance.now();
        await withUser(user, page.run, handle.db);
        if (i > 0) times.push(performance.now() - started);
      }
      console.log(
        `  ${page.name.padEnd(30)} median ${median(times).toFixed(1).padStart(8)} ms  (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`,
      );
    }
    console.log(
      `  load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    await db.close();
  }
}

export async function benchListPages() {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log("list-pages: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a Postgres server; skipped");
    return;
  }
  const sizes = (process.env.BENCH_LEADS ?? "100000,1000000").split(",").map(Number);
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const keep = process.env.BENCH_KEEP === "1";
  console.log("List pages (Postgres, one organization, RLS as the signed-in owner)");
  for (const leads of sizes) await benchAt(url, leads, runs, keep);
}
