/**
 * bench/import: imports of the two file shapes users bring (a bare `phone,first_name` dialing
 * list and a wide CRM export) through the steps and the batching the browser uses
 * (`read-csv-file.ts`: read and count the file, check every row in the worker, then batches
 * bounded by rows and bytes, each staged in its own transaction, one commit), in rows per
 * second; a wide import of 10,000 rows; the wide import against a COPY of the same leads into
 * leads and into a bare table of the same columns, and what each index and foreign key of leads
 * adds to that bare COPY alone; and the lead table's first page in an organization of exactly
 * 10,000 and then 1,000,000 leads. Prints figures (with the load average); asserts nothing.
 *
 *   npm run bench -- import            (PGlite; and Postgres when BENCH_DATABASE_URL or
 *                                        TEST_DATABASE_URL is set)
 *   BENCH_ROWS=20000 BENCH_LARGE=200000 npm run bench -- import   (a quicker run)
 *
 * What this cannot measure is the browser itself (its worker, the network, the server action
 * round trip): the end-to-end test imports 60,000 short and 50,000 wide rows through Chromium.
 */
import { loadavg } from "node:os";
import type { CountryCode } from "libphonenumber-js";
import { withUser } from "../src/lib/db/with-user";
import { checkCsvRows } from "../src/lib/leads/csv/check-rows";
import { guessMapping } from "../src/lib/leads/csv/headers";
import { openCsvFile } from "../src/lib/leads/csv/read-csv-file";
import { parseLeadSearchParams } from "../src/lib/schemas/lead";
import { IMPORT_LIMITS } from "../src/lib/schemas/lead-import";
import { importCsvFile } from "../src/lib/services/imports/import-csv-file";
import { listLeads } from "../src/lib/services/leads/list-leads";
import { type BenchDb, createCampaignRow, measure, median, openBenchDb, seedTenant } from "./bench-db";
import { generateLeadsCsv, type LeadFileShape } from "./generate-leads-csv";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const LARGE = Number(process.env.BENCH_LARGE ?? 1_000_000);
const SMALL = 10_000;
const SHAPES: LeadFileShape[] = ["short", "wide"];
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

/**
 * Grows the organization's leads to `target` with one set-based insert (fake but indexable rows)
 * and returns how many it holds: the lead table's figures are printed at that count, which
 * must be the one they are labelled with (an organization that already held more than the
 * target once reported 189,000 leads as "10,000").
 */
async function growLeads(db: BenchDb, tenant: Awaited<ReturnType<typeof seedTenant>>, target: number) {
  const count = async () =>
    Number(
      (
        await db.handle.query<{ n: number }>(
          "select count(*)::int as n from public.leads where org_id = $1",
          [tenant.orgId],
        )
      )[0]?.n ?? 0,
    );
  const missing = target - (await count());
  if (missing <= 0) return count();
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
  return count();
}

type Tenant = Awaited<ReturnType<typeof seedTenant>>;

/** One file shape: the browser's reading and checking, then the import end to end. */
async function benchShape(db: BenchDb, tenant: Tenant, shape: LeadFileShape) {
  const { csv, expected } = generateLeadsCsv({ rows: ROWS, shape });
  const bytes = Buffer.from(csv);
  const campaignId = await createCampaignRow(db.handle, tenant.orgId, `Bench ${shape}`);
  // What the browser's worker does before Import is pressed: read and count the file, then check
  // every row with the chosen mapping (the count on the Import button).
  const opened = await measure(() => openCsvFile(bytes, { previewRows: 20 }));
  const { text, summary } = opened.value;
  const checked = await measure(() =>
    checkCsvRows(text, {
      setup: { headers: summary.headers, mapping: guessMapping(summary.headers) },
      ctx: { defaultCountry: "US" as CountryCode, defaultTimezone: "America/New_York" },
      duplicateMode: "skip",
      previewThrough: 21,
    }),
  );
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  const timings = { stageMs: 0, commitMs: 0 };
  const e2e = await measure(() =>
    importCsvFile({
      timings,
      db: db.handle.db,
      user: tenant.user,
      actor: tenant.actor,
      campaignId,
      bytes,
      fileName: `${shape}.csv`,
    }),
  );
  const { counts, batches } = e2e.value;
  const asExpected =
    counts.imported === expected.imported &&
    counts.skipped === expected.skipped &&
    counts.rejected === expected.rejected &&
    checked.value.importable === expected.imported;
  return {
    shape,
    campaignId,
    bytes: bytes.byteLength,
    counts,
    expected,
    asExpected,
    batches,
    openMs: opened.ms,
    checkMs: checked.ms,
    e2eMs: e2e.ms,
    ...timings,
    peakRssMb: e2e.peakRssMb,
    rssGrowthMb: e2e.peakRssMb - rssBeforeMb,
    peakHeapMb: e2e.peakHeapMb,
  };
}

const COST_RUNS = Number(process.env.BENCH_COST_RUNS ?? 3);

/** One COPY of `tsv` into `table`, emptied first. */
async function copyOnce(db: BenchDb, table: string, tsv: string): Promise<number> {
  await db.handle.query(`truncate ${table}`);
  return (await measure(() => db.handle.copyIn(table, COPY_COLUMNS, tsv))).ms;
}

/**
 * What each part of `leads` costs a COPY of the wide file's leads: a bare table of the same
 * columns (generated search column included, no index, constraint or trigger), then the same with
 * one of leads' indexes, or one of its foreign keys (their checks are row triggers), at a time.
 * Each part is timed against the bare table in alternation, COST_RUNS times each, and the fastest
 * of each kept: on a shared machine the fastest run is the one least disturbed by others.
 */
async function perIndexCosts(db: BenchDb, tsv: string) {
  const bare = "public.bench_leads_bare";
  const part = "public.bench_leads_part";
  for (const t of [bare, part]) {
    await db.handle.query(`drop table if exists ${t}`);
    await db.handle.query(`create table ${t} (like public.leads including defaults including generated)`);
  }
  const paired = async () => {
    const bareTimes: number[] = [];
    const partTimes: number[] = [];
    for (let i = 0; i < COST_RUNS; i++) {
      bareTimes.push(await copyOnce(db, bare, tsv));
      partTimes.push(await copyOnce(db, part, tsv));
    }
    return { bareMs: Math.min(...bareTimes), ms: Math.min(...partTimes) - Math.min(...bareTimes) };
  };
  try {
    const parts: { name: string; ms: number; bareMs: number }[] = [];
    const indexes = await db.handle.query<{ name: string; def: string }>(
      `select indexname as name, indexdef as def from pg_indexes
       where schemaname = 'public' and tablename = 'leads' order by indexname`,
    );
    for (const index of indexes) {
      const def = index.def
        .replace(` ${index.name} ON `, " bench_leads_part_idx ON ")
        .replace(" ON public.leads ", ` ON ${part} `);
      await db.handle.query(def);
      parts.push({ name: index.name, ...(await paired()) });
      await db.handle.query("drop index public.bench_leads_part_idx");
    }
    const keys = await db.handle.query<{ name: string; def: string }>(
      `select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
       where conrelid = 'public.leads'::regclass and contype = 'f' order by conname`,
    );
    for (const key of keys) {
      await db.handle.query(`alter table ${part} add constraint bench_leads_part_fk ${key.def}`);
      parts.push({ name: `${key.name} (foreign key)`, ...(await paired()) });
      await db.handle.query(`alter table ${part} drop constraint bench_leads_part_fk`);
    }
    return { bareMs: Math.min(...parts.map((p) => p.bareMs)), parts };
  } finally {
    for (const t of [bare, part]) await db.handle.query(`drop table if exists ${t}`);
  }
}

/** A wide import of `rows` rows end to end, into a campaign of its own. */
async function importAt(db: BenchDb, tenant: Tenant, rows: number) {
  const { csv } = generateLeadsCsv({ rows, shape: "wide", seed: 11 });
  const campaignId = await createCampaignRow(db.handle, tenant.orgId, `Bench wide ${rows}`);
  const e2e = await measure(() =>
    importCsvFile({
      db: db.handle.db,
      user: tenant.user,
      actor: tenant.actor,
      campaignId,
      bytes: Buffer.from(csv),
      fileName: `wide-${rows}.csv`,
    }),
  );
  return { rows, ms: e2e.ms, imported: e2e.value.counts.imported };
}

async function benchOne(kind: "pglite" | "postgres", url?: string) {
  const db = await openBenchDb(kind, url);
  try {
    const tenant = await seedTenant(db.handle);
    // Warm up the database and the phone-zone data so the first batch isn't charged for it.
    await importCsvFile({
      db: db.handle.db,
      user: tenant.user,
      actor: tenant.actor,
      campaignId: await createCampaignRow(db.handle, tenant.orgId, "Warm-up"),
      bytes: Buffer.from(generateLeadsCsv({ rows: 200, shape: "wide", seed: 7 }).csv),
      fileName: "warm.csv",
    });
    const shapes = [];
    for (const shape of SHAPES) shapes.push(await benchShape(db, tenant, shape));

    // The wide file's leads, already normalized, COPYed into another campaign of the same database.
    const wide = shapes.find((r) => r.shape === "wide");
    const rows = await db.handle.query<Record<string, unknown>>(
      `select ${COPY_COLUMNS.join(", ")} from public.leads where campaign_id = $1`,
      [wide?.campaignId],
    );
    const copyCampaign = await createCampaignRow(db.handle, tenant.orgId, "COPY baseline");
    const tsv = `${rows.map((r) => COPY_COLUMNS.map((c) => tsvCell(c === "campaign_id" ? copyCampaign : r[c])).join("\t")).join("\n")}\n`;
    const copy = await measure(() => db.handle.copyIn("public.leads", COPY_COLUMNS, tsv));

    // BENCH_COST_RUNS=0 leaves the per-part COPYs out (minutes at 100,000 rows).
    const costs = COST_RUNS > 0 ? await perIndexCosts(db, tsv) : { bareMs: Number.NaN, parts: [] };
    const small = await importAt(db, tenant, SMALL);

    // The lead table's first page in an organization of its own, which holds exactly what the
    // figure says: the imports above went into `tenant`'s.
    const pages = await seedTenant(db.handle, "Pages");
    const smallLeads = await growLeads(db, pages, SMALL);
    const smallMs = await firstPageMs(db, pages);
    const largeLeads = await growLeads(db, pages, LARGE);
    const largeMs = await firstPageMs(db, pages);
    return {
      kind,
      shapes,
      small,
      wideMs: wide?.e2eMs ?? 0,
      copyRows: rows.length,
      copyMs: copy.ms,
      costs,
      smallLeads,
      smallMs,
      largeLeads,
      largeMs,
    };
  } finally {
    await db.destroy();
  }
}

export async function benchImport() {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  // Postgres first: PGlite's WASM memory is not handed back to the OS after it closes, and would
  // inflate the resident-memory figure of whatever runs after it in this process.
  const all: ("pglite" | "postgres")[] = url ? ["postgres", "pglite"] : ["pglite"];
  // BENCH_KINDS=postgres (or pglite) runs one of them.
  const only = process.env.BENCH_KINDS?.split(",");
  const kinds = all.filter((k) => !only || only.includes(k));
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.log(
    `bench/import: ${ROWS.toLocaleString()} rows of each shape, batches of at most ${IMPORT_LIMITS.batchRows.toLocaleString()} rows and ${IMPORT_LIMITS.batchBytes / 2 ** 20} MiB; lead table at ${SMALL.toLocaleString()} and ${LARGE.toLocaleString()} leads`,
  );
  const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const perSecond = (rows: number, ms: number) => Math.round(rows / (ms / 1000)).toLocaleString();
  for (const kind of kinds) {
    const r = await benchOne(kind, url);
    console.log(`\n[${r.kind}]`);
    for (const s of r.shapes) {
      const mb = (s.bytes / 2 ** 20).toFixed(1);
      console.log(
        `  ${s.shape.padEnd(5)} rows, ${mb} MB, ${s.batches} batches: imported ${s.counts.imported.toLocaleString()}, skipped ${s.counts.skipped.toLocaleString()}, rejected ${s.counts.rejected.toLocaleString()}, warned ${s.counts.warned.toLocaleString()}${s.asExpected ? " (as generated)" : `  MISMATCH: expected ${JSON.stringify(s.expected)}`}`,
      );
      console.log(
        `    in the browser's worker   read ${f(s.openMs)} (${perSecond(ROWS, s.openMs)} rows/s), check every row ${f(s.checkMs)} (${perSecond(ROWS, s.checkMs)} rows/s)`,
      );
      console.log(
        `    end-to-end import         ${f(s.e2eMs)}  (${perSecond(ROWS, s.e2eMs)} rows/s)  peak RSS ${s.peakRssMb.toFixed(0)} MB (+${s.rssGrowthMb.toFixed(0)} MB), JS heap ${s.peakHeapMb.toFixed(0)} MB`,
      );
      console.log(
        `      of which staging ${f(s.stageMs)} (${s.batches} transactions: normalize, write lead_import_rows), commit ${f(s.commitMs)}`,
      );
    }
    console.log(
      `  wide import of ${r.small.rows.toLocaleString()} rows      ${f(r.small.ms)}  (${perSecond(r.small.rows, r.small.ms)} rows/s, imported ${r.small.imported.toLocaleString()})`,
    );
    console.log(`  COPY of the wide file's ${r.copyRows.toLocaleString()} leads into leads  ${f(r.copyMs)}`);
    if (r.costs.parts.length > 0) {
      console.log(
        `  COPY of them into a bare table   ${f(r.costs.bareMs)}   (same columns, no index, key or trigger; fastest of ${COST_RUNS * r.costs.parts.length})`,
      );
      console.log(
        `  ratio wide import / bare COPY  ${(r.wideMs / r.costs.bareMs).toFixed(1)}  (goal <= 10); COPY into leads / bare ${(r.copyMs / r.costs.bareMs).toFixed(1)}`,
      );
      console.log(
        `  what each part of leads adds to the bare COPY, alone (fastest of ${COST_RUNS} each, against the bare table in alternation):`,
      );
      for (const part of [...r.costs.parts].sort((a, b) => b.ms - a.ms)) {
        console.log(`    ${part.name.padEnd(44)} ${`+${f(part.ms)}`.padStart(9)}`);
      }
    }
    console.log(
      `  lead table first page        ${r.smallMs.toFixed(1)} ms at ${r.smallLeads.toLocaleString()} leads, ${r.largeMs.toFixed(1)} ms at ${r.largeLeads.toLocaleString()}  (x${(r.largeMs / r.smallMs).toFixed(2)}, goal <= 2)`,
    );
    console.log(
      `  load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
  }
}
