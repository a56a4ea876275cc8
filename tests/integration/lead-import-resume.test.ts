import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listUnfinishedImports } from "@/lib/db/queries/lead-imports";
import { withUser } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import { openCsvFile, streamCsvBatches } from "@/lib/leads/csv/read-csv-file";
import { IMPORT_BATCH_LIMITS, IMPORT_LIMITS, type ImportSetup } from "@/lib/schemas/lead-import";
import { runTick } from "@/lib/services/dialer/run-tick";
import { cancelImport } from "@/lib/services/imports/cancel-import";
import { commitImport } from "@/lib/services/imports/commit-import";
import { importCsvFile } from "@/lib/services/imports/import-csv-file";
import { resumeImport } from "@/lib/services/imports/resume-import";
import { stageImportRows } from "@/lib/services/imports/stage-import-rows";
import { startImport } from "@/lib/services/imports/start-import";
import type { Actor } from "@/lib/services/organizations/roles";
import { generateLeadsCsv } from "../../bench/generate-leads-csv";
import { recordingQueue } from "../helpers/dialer-fixtures";
import { fakeVoice } from "../helpers/fake-voice";
import { createOrgWithMembers, type TestOrg } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

// Wednesday 2 December 2026, 17:00 UTC.
const NOW = new Date("2026-12-02T17:00:00Z");
const HOUR = 3_600_000;
const LIMITS = IMPORT_BATCH_LIMITS;

describe.each(testDbKinds())("import batching, abandoned and resumed imports on %s", (kind) => {
  let db: TestDb;
  let org: TestOrg<"owner" | "member">;
  let actor: Actor;
  const as = <T>(run: Parameters<typeof withUser<T>>[1]) => withUser(org.members.member.claims, run, db.db);

  beforeAll(async () => {
    db = await createTestDb(kind);
    org = await createOrgWithMembers(db, { members: { owner: "owner", member: "member" } });
    const m = org.members.member;
    actor = { userId: m.id, email: m.email, orgId: org.orgId, role: "member" };
  });
  afterAll(() => db.destroy());

  async function campaign(): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      "insert into public.campaigns (org_id, name, default_timezone) values ($1, 'Imports', 'America/New_York') returning id::text",
      [org.orgId],
    );
    if (!row) throw new Error("no campaign");
    return row.id;
  }

  const count = async (sql: string, params: unknown[]) =>
    Number((await db.query<{ n: number }>(sql, params))[0]?.n ?? -1);
  const stagedRows = (importId: string) =>
    count("select count(*)::int as n from public.lead_import_rows where import_id = $1", [importId]);
  const leadCount = (campaignId: string) =>
    count("select count(*)::int as n from public.leads where campaign_id = $1", [campaignId]);
  const statusOf = async (importId: string) =>
    (
      await db.query<{ status: string }>(
        "select status::text as status from public.lead_imports where id = $1",
        [importId],
      )
    )[0]?.status;

  it("imports the issue's file, 6,000 short rows, in batches within the server's limit", async () => {
    const c = await campaign();
    const { csv, expected } = generateLeadsCsv({ rows: 6_000, shape: "short", seed: 11 });
    const { counts, batches } = await importCsvFile({
      db: db.db,
      user: org.members.member.claims,
      actor,
      campaignId: c,
      bytes: Buffer.from(csv),
      fileName: "dialing-list.csv",
    });
    expect(batches).toBe(3);
    expect(counts).toEqual({
      imported: expected.imported,
      updated: 0,
      skipped: expected.skipped,
      rejected: expected.rejected,
      total: 6_000,
      warned: 0,
    });
    expect(await leadCount(c)).toBe(expected.imported);
  });

  it("imports wide rows with every count the generator expects, unusable emails left out with a warning", async () => {
    const c = await campaign();
    const { csv, expected } = generateLeadsCsv({ rows: 3_000, shape: "wide", seed: 12 });
    expect(expected.warned).toBeGreaterThan(0);
    const { counts } = await importCsvFile({
      db: db.db,
      user: org.members.member.claims,
      actor,
      campaignId: c,
      bytes: Buffer.from(csv),
      fileName: "crm.csv",
    });
    expect(counts).toEqual({
      imported: expected.imported,
      updated: 0,
      skipped: expected.skipped,
      rejected: expected.rejected,
      total: 3_000,
      warned: expected.warned,
    });
    const withoutEmail = await count(
      "select count(*)::int as n from public.lead_import_rows where status = 'imported' and reason like 'unusable email%' and org_id = $1 and import_id in (select id from public.lead_imports where campaign_id = $2)",
      [org.orgId, c],
    );
    expect(withoutEmail).toBe(expected.warned);
  });

  /** Starts an import of `csv` and stages its first `batches` batches, as a browser that then closed. */
  async function interruptedImport(csv: string, batches: number) {
    const c = await campaign();
    const { text, summary } = await openCsvFile(Buffer.from(csv), { previewRows: 0 });
    const setup: ImportSetup = { campaignId: c, headers: summary.headers, mapping: ["phone", "firstName"] };
    const file = {
      name: "list.csv",
      bytes: summary.bytes,
      rows: summary.rowCount,
      fingerprint: summary.fingerprint,
    };
    const { importId } = await as((tx) =>
      startImport({ tx, actor, input: { setup, file, duplicateMode: "skip" } }),
    );
    let sent = 0;
    await streamCsvBatches(text, {
      limits: LIMITS,
      onBatch: async (rows) => {
        if (sent++ >= batches) throw new Error("browser closed");
        await as((tx) => stageImportRows({ tx, actor, importId, rows }));
      },
    }).catch((error: Error) => {
      if (error.message !== "browser closed") throw error;
    });
    return { campaignId: c, importId, text, file };
  }

  /** Sends the rest of the file after `afterRow`, as the resumed browser does, then commits. */
  async function finish(importId: string, text: string, afterRow: number) {
    const result = await streamCsvBatches(text, {
      afterRow,
      limits: LIMITS,
      onBatch: async (rows) => {
        await as((tx) => stageImportRows({ tx, actor, importId, rows }));
      },
    });
    const counts = await as((tx) => commitImport({ tx, actor, importId }));
    return { sentRows: result.sentRows, counts };
  }

  it("refuses to commit an import that is missing rows of its file, and resumes after the last staged row", async () => {
    const { csv, expected } = generateLeadsCsv({ rows: 5_000, shape: "short", seed: 13 });
    const { importId, campaignId, text, file } = await interruptedImport(csv, 1);
    expect(await stagedRows(importId)).toBe(2_000);

    const early = await as((tx) => commitImport({ tx, actor, importId })).catch((e: unknown) => e);
    expect((early as AppError).code).toBe("conflict");
    expect((early as AppError).message).toBe(
      "Only 2,000 of the file's 5,000 rows were received, so nothing was imported. Resume the import to send the rest.",
    );
    expect(await leadCount(campaignId)).toBe(0);

    // Another file with the same name is refused, saying what was expected.
    const other = { ...file, rows: file.rows - 1, fingerprint: "ffffffffffffffff" };
    const refused = await as((tx) => resumeImport({ tx, actor, importId, file: other })).catch(
      (e: unknown) => e,
    );
    expect((refused as AppError).message).toMatch(
      /^That is not the file this import was reading: it expects list\.csv \(5,000 rows/,
    );

    const resumed = await as((tx) => resumeImport({ tx, actor, importId, file }));
    expect(resumed).toEqual({ afterRow: 2_001, stagedRows: 2_000, fromStart: false });
    const { sentRows, counts } = await finish(importId, text, resumed.afterRow);
    expect(sentRows).toBe(3_000);
    expect(counts).toMatchObject({
      imported: expected.imported,
      skipped: expected.skipped,
      rejected: expected.rejected,
      total: 5_000,
    });
    expect(await leadCount(campaignId)).toBe(expected.imported);
  });

  it("the tick abandons staging imports idle for hours and frees their rows; they are listed, resumed from the start or discarded", async () => {
    const { csv, expected } = generateLeadsCsv({ rows: 4_500, shape: "short", seed: 14 });
    const idle = await interruptedImport(csv, 2);
    const recent = await interruptedImport(csv, 1);
    const discarded = await interruptedImport(csv, 1);
    const hoursAgo = (importId: string, hours: number) =>
      db.query("update public.lead_imports set last_activity_at = $2 where id = $1", [
        importId,
        new Date(NOW.getTime() - hours * HOUR).toISOString(),
      ]);
    await hoursAgo(idle.importId, IMPORT_LIMITS.abandonAfterHours + 1);
    await hoursAgo(discarded.importId, IMPORT_LIMITS.abandonAfterHours + 2);
    await hoursAgo(recent.importId, IMPORT_LIMITS.abandonAfterHours - 1);

    await runTick({ db: db.db, now: NOW, queue: recordingQueue(), voiceFor: () => fakeVoice() });
    expect(await statusOf(idle.importId)).toBe("abandoned");
    expect(await stagedRows(idle.importId)).toBe(0);
    expect(await statusOf(recent.importId)).toBe("staging");
    expect(await stagedRows(recent.importId)).toBe(2_000);

    // A batch arriving for an abandoned import is refused, saying what to do.
    const late = await as((tx) =>
      stageImportRows({
        tx,
        actor,
        importId: idle.importId,
        rows: [{ row: 9_000, cells: ["2125550100", "x"] }],
      }),
    ).catch((e: unknown) => e);
    expect((late as AppError).message).toMatch(
      /set aside after 3 hours without activity.*resume or discard it/,
    );

    const listed = await as((tx) => listUnfinishedImports(tx, { orgId: org.orgId }));
    const byId = new Map(listed.map((u) => [u.id, u]));
    expect(byId.get(idle.importId)).toMatchObject({
      status: "abandoned",
      stagedRows: 4_000,
      fileRows: 4_500,
    });
    expect(byId.get(recent.importId)).toMatchObject({ status: "staging", stagedRows: 2_000 });

    // Discard: gone from the list, nothing staged.
    await as((tx) => cancelImport({ tx, actor, importId: discarded.importId }));
    expect(await statusOf(discarded.importId)).toBe("cancelled");
    expect(await stagedRows(discarded.importId)).toBe(0);
    const after = await as((tx) => listUnfinishedImports(tx, { orgId: org.orgId }));
    expect(after.map((u) => u.id)).not.toContain(discarded.importId);

    // Resume: its rows were freed, so it starts again from the first row and completes in full.
    const resumed = await as((tx) => resumeImport({ tx, actor, importId: idle.importId, file: idle.file }));
    expect(resumed).toEqual({ afterRow: 0, stagedRows: 0, fromStart: true });
    const { sentRows, counts } = await finish(idle.importId, idle.text, resumed.afterRow);
    expect(sentRows).toBe(4_500);
    expect(counts).toMatchObject({
      imported: expected.imported,
      skipped: expected.skipped,
      rejected: expected.rejected,
    });
    expect(await statusOf(idle.importId)).toBe("completed");
  });

  it("starts again from the first row when staged rows were lost (an unlogged table after a crash)", async () => {
    const { csv, expected } = generateLeadsCsv({ rows: 4_100, shape: "short", seed: 15 });
    const { importId, text, file } = await interruptedImport(csv, 2);
    await db.query("delete from public.lead_import_rows where import_id = $1", [importId]);
    const resumed = await as((tx) => resumeImport({ tx, actor, importId, file }));
    expect(resumed.fromStart).toBe(true);
    const { counts } = await finish(importId, text, resumed.afterRow);
    expect(counts.imported).toBe(expected.imported);
  });

  it("nothing but an unfinished import can be resumed or discarded", async () => {
    const c = await campaign();
    const { importId } = await importCsvFile({
      db: db.db,
      user: org.members.member.claims,
      actor,
      campaignId: c,
      bytes: Buffer.from("phone\n2125550100\n"),
      fileName: "one.csv",
    });
    const file = { name: "one.csv", bytes: 18, rows: 1, fingerprint: "0000000000000000" };
    for (const attempt of [
      as((tx) => resumeImport({ tx, actor, importId, file })),
      as((tx) => cancelImport({ tx, actor, importId })),
    ]) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("not_found");
    }
  });
});
