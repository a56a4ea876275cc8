/**
 * bench/import: the 100,000-row import end to end against a plain COPY of the same rows, and the
 * lead table's first page at 10,000 and at 1,000,000 leads. Prints figures; asserts nothing.
 *
 *   npm run bench -- import            (PGlite; and Postgres when BENCH_DATABASE_URL or
 *                                        TEST_DATABASE_URL is set)
 *   BENCH_ROWS=20000 BENCH_LARGE=200000 npm run bench -- import   (a quicker run)
 */
import { withUser } from "../src/lib/db/with-user";
import { parseLeadSearchParams } from "../src/lib/schemas/lead";
import { importCsvFile } from "../src/lib/services/imports/import-csv-file";
import { listLeads } from "../src/lib/services/leads/list-leads";
import { type BenchDb, createCampaignRow, measure, median, openBenchDb, seedTenant } from "./bench-db";
import { generateLeadsCsv } from "./generate-leads-csv";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const LARGE = Number(process.env.BENCH_LARGE ?? 1_000_000);
const SMALL = 10_000;

const COPY_COLUMNS = [
  "org_id",
  "campaign_id",
  "phone",
  "phone_extension",
  "first_name",
  "last_name",
  "company",
  "email",
  "timezone",
  "timezone_source",
  "timezone_candidates",
  "consent",
  "consent_source",
  "consent_at",
  "custom_fields",
  "status",
];

function tsvCell(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text =
    typeof value === "object" && !Array.isArray(value)
      ? JSON.stringify(value)
      : Array.isArray(value)
        ? `{${value.map((v) => `"${v}"`).join(",")}}`
        : String(value);
  return text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

async function firstPageMs(db: BenchDb, tenant: Awaited<ReturnType<typeof seedTenant>>): Promise<number> {
  const query = parseLeadSearchParams({});
  const run = () =>
    withUser(tenant.user, (tx) => listLeads({ tx, actor: tenant.actor, query }), db.handle.db);
  await run();
  await run();
  const times: number[] = [];
  for (let i = 0; i < 7; i++) times.push((await measure(run)).ms);
  return median(times);
}

/** Grows the organization's leads to `target` with one set-based insert (fake but indexable rows). */
async function growLeads(db: BenchDb, tenant: Awaited<ReturnType<typeof seedTenant>>, target: number) {
  const [row] = await db.handle.query<{ n: number }>(
    "select count(*)::int as n from public.leads where org_id = $1",
    [tenant.orgId],
  );
  const missing = target - Number(row?.n ?? 0);
  if (missing <= 0) return;
  const campaignId = await createCampaignRow(db.handle, tenant.orgId, `Filler ${target}`);
  await db.handle.query(
    `insert into public.leads (org_id, campaign_id, phone, first_name, last_name, company, email, timezone, timezone_source,
       status, attempts, created_at)
     select $1, $2, '+1' || (2012000000 + g)::text, 'First' || (g % 997), 'Last' || (g % 1009), 'Company ' || (g % 503),
       'lead' || g || '@example.com', (array['America/New_York','America/Chicago','America/Denver','America/Los_Angeles'])[1 + g % 4],
       'inferred', 'pending', g % 4, now() - make_interval(secs => g)
     from generate_series(1, $3::int) g`,
    [tenant.orgId, campaignId, missing],
  );
  await db.handle.query("analyze public.leads");
}

async function benchOne(kind: "pglite" | "postgres", url?: string) {
  const db = await openBenchDb(kind, url);
  try {
    const tenant = await seedTenant(db.handle);
    const csv = Buffer.from(generateLeadsCsv(ROWS));
    // Warm up the database and the phone-zone data so the first batch isn't charged for it.
    await importCsvFile({
      db: db.handle.db,
      user: tenant.user,
      actor: tenant.actor,
      campaignId: await createCampaignRow(db.handle, tenant.orgId, "Warm-up"),
      bytes: Buffer.from(generateLeadsCsv(200, 7)),
      fileName: "warm.csv",
    });

    const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
    const e2e = await measure(() =>
      importCsvFile({
        db: db.handle.db,
        user: tenant.user,
        actor: tenant.actor,
        campaignId: tenant.campaignId,
        bytes: csv,
        fileName: "bench.csv",
      }),
    );
    const counts = e2e.value.counts;

    // The same, already-normalized rows, COPYed into a second campaign of the same database.
    const rows = await db.handle.query<Record<string, unknown>>(
      `select ${COPY_COLUMNS.join(", ")} from public.leads where campaign_id = $1`,
      [tenant.campaignId],
    );
    const copyCampaign = await createCampaignRow(db.handle, tenant.orgId, "COPY baseline");
    const tsv = `${rows.map((r) => COPY_COLUMNS.map((c) => tsvCell(c === "campaign_id" ? copyCampaign : r[c])).join("\t")).join("\n")}\n`;
    const copy = await measure(() => db.handle.copyIn("public.leads", COPY_COLUMNS, tsv));

    await growLeads(db, tenant, SMALL);
    const smallMs = await firstPageMs(db, tenant);
    await growLeads(db, tenant, LARGE);
    const largeMs = await firstPageMs(db, tenant);

    return {
      kind,
      rows: ROWS,
      imported: counts.imported,
      skipped: counts.skipped,
      rejected: counts.rejected,
      e2eMs: e2e.ms,
      copyRows: rows.length,
      copyMs: copy.ms,
      ratio: e2e.ms / copy.ms,
      peakRssMb: e2e.peakRssMb,
      rssGrowthMb: e2e.peakRssMb - rssBeforeMb,
      peakHeapMb: e2e.peakHeapMb,
      smallMs,
      largeMs,
      pageRatio: largeMs / smallMs,
    };
  } finally {
    await db.destroy();
  }
}

export async function benchImport() {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  // Postgres first: PGlite's WASM memory is not handed back to the OS after it closes, and would
  // inflate the resident-memory figure of whatever runs after it in this process.
  const kinds: ("pglite" | "postgres")[] = url ? ["postgres", "pglite"] : ["pglite"];
  console.log(
    `bench/import: ${ROWS.toLocaleString()} rows; lead table at ${SMALL.toLocaleString()} and ${LARGE.toLocaleString()} leads`,
  );
  for (const kind of kinds) {
    const r = await benchOne(kind, url);
    const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`\n[${r.kind}]`);
    console.log(
      `  rows in file                 ${r.rows.toLocaleString()} (imported ${r.imported.toLocaleString()}, skipped ${r.skipped.toLocaleString()}, rejected ${r.rejected.toLocaleString()})`,
    );
    console.log(
      `  end-to-end import            ${f(r.e2eMs)}  (${Math.round(r.rows / (r.e2eMs / 1000)).toLocaleString()} rows/s)`,
    );
    console.log(`  COPY of the same ${r.copyRows.toLocaleString()} rows  ${f(r.copyMs)}`);
    console.log(`  ratio import / COPY          ${r.ratio.toFixed(2)}   (goal <= 3)`);
    console.log(
      `  peak memory during import    RSS ${r.peakRssMb.toFixed(0)} MB (+${r.rssGrowthMb.toFixed(0)} MB during it), JS heap ${r.peakHeapMb.toFixed(0)} MB${r.kind === "pglite" ? " (RSS includes the in-process database)" : ""}`,
    );
    console.log(
      `  lead table first page        ${r.smallMs.toFixed(1)} ms at ${SMALL.toLocaleString()}, ${r.largeMs.toFixed(1)} ms at ${LARGE.toLocaleString()}  (x${r.pageRatio.toFixed(2)}, goal <= 2)`,
    );
  }
}
