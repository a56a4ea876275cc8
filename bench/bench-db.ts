import { randomBytes, randomUUID } from "node:crypto";
import postgres from "postgres";
import { type DbHandle, openDb } from "../src/lib/db/client";
import { migrate } from "../src/lib/db/migrate";
import { withService } from "../src/lib/db/with-user";
import { createOrganization } from "../src/lib/services/organizations/create-organization";
import type { Actor } from "../src/lib/services/organizations/roles";

export type BenchDb = { kind: "pglite" | "postgres"; handle: DbHandle; destroy(): Promise<void> };

/** A fresh, migrated database: in-memory PGlite, or a new database on the Postgres at `url`. */
export async function openBenchDb(kind: "pglite" | "postgres", url?: string): Promise<BenchDb> {
  if (kind === "pglite") {
    const handle = await openDb({ kind: "pglite" });
    await migrate(handle, { bootstrap: true });
    return { kind, handle, destroy: () => handle.close() };
  }
  if (!url) throw new Error("a Postgres URL is needed");
  const name = `dialer_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openDb({ kind: "postgres", url: target.toString(), max: 4 });
  await migrate(handle, { bootstrap: true });
  return {
    kind,
    handle,
    async destroy() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** An organization with one owner, and a campaign, ready for imports. */
export async function seedTenant(handle: DbHandle, campaignName = "Bench") {
  const userId = randomUUID();
  const email = `bench-${userId.slice(0, 8)}@example.com`;
  await handle.query("insert into auth.users (id, email) values ($1, $2)", [userId, email]);
  const org = await withService(
    (tx) => createOrganization({ tx, owner: { id: userId, email }, name: "Bench Org" }),
    handle.db,
  );
  const actor: Actor = { userId, email, orgId: org.id, role: "owner" };
  const user = { sub: userId, email, role: "authenticated" as const };
  const campaignId = await createCampaignRow(handle, org.id, campaignName);
  return { actor, user, orgId: org.id, campaignId };
}

export async function createCampaignRow(handle: DbHandle, orgId: string, name: string): Promise<string> {
  const [row] = await handle.query<{ id: string }>(
    "insert into public.campaigns (org_id, name, default_timezone) values ($1, $2, 'America/New_York') returning id::text",
    [orgId, name],
  );
  if (!row) throw new Error("campaign insert returned nothing");
  return row.id;
}

/** Samples resident memory while `fn` runs; returns its result, elapsed ms and the peak. */
export async function measure<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; ms: number; peakRssMb: number; peakHeapMb: number }> {
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  const started = performance.now();
  try {
    const value = await fn();
    return {
      value,
      ms: performance.now() - started,
      peakRssMb: peakRss / 2 ** 20,
      peakHeapMb: peakHeap / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
