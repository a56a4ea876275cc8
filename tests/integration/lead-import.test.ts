import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import { cancelImport } from "@/lib/services/imports/cancel-import";
import { commitImport } from "@/lib/services/imports/commit-import";
import { getImportReport, rejectedRowsCsv } from "@/lib/services/imports/get-import-report";
import { importCsvFile } from "@/lib/services/imports/import-csv-file";
import { stageImportRows } from "@/lib/services/imports/stage-import-rows";
import { startImport } from "@/lib/services/imports/start-import";
import type { Actor } from "@/lib/services/organizations/roles";
import { createOrgWithMembers, type TestOrg } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

const CSV = (lines: string[]) => Buffer.from(`${lines.join("\n")}\n`);
const fileOf = (rows: number, fingerprint = "0123456789abcdef") => ({
  name: "f.csv",
  bytes: 100,
  rows,
  fingerprint,
});

describe.each(testDbKinds())("lead import on %s", (kind) => {
  let db: TestDb;
  let org: TestOrg<"owner" | "member">;
  let other: TestOrg<"owner">;
  let actor: Actor;

  beforeAll(async () => {
    db = await createTestDb(kind);
    org = await createOrgWithMembers(db, { members: { owner: "owner", member: "member" } });
    other = await createOrgWithMembers(db, { members: { owner: "owner" } });
    const m = org.members.member;
    actor = { userId: m.id, email: m.email, orgId: org.orgId, role: "member" };
  });
  afterAll(() => db.destroy());

  async function campaign(name = "Campaign", orgId = org.orgId, tz = "America/New_York"): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      "insert into public.campaigns (org_id, name, default_timezone) values ($1, $2, $3) returning id::text",
      [orgId, name, tz],
    );
    if (!row) throw new Error("no campaign");
    return row.id;
  }

  async function leadsOf(campaignId: string) {
    return db.query<{
      phone: string;
      first_name: string | null;
      status: string;
      timezone: string;
      timezone_source: string;
      consent: boolean | null;
      custom_fields: Record<string, string>;
    }>(
      "select phone, first_name, status::text as status, timezone, timezone_source::text as timezone_source, consent, custom_fields from public.leads where campaign_id = $1 order by phone",
      [campaignId],
    );
  }

  const importFile = (campaignId: string, bytes: Buffer, duplicateMode: "skip" | "update" = "skip") =>
    importCsvFile({
      db: db.db,
      user: org.members.member.claims,
      actor,
      campaignId,
      bytes,
      fileName: "leads.csv",
      duplicateMode,
    });

  it("imports valid rows, rejects bad ones with reasons, skips duplicates in the file and in the campaign", async () => {
    const c = await campaign();
    await db.query(
      "insert into public.leads (org_id, campaign_id, phone, first_name, timezone, timezone_source) values ($1, $2, '+12125550100', 'Existing', 'America/New_York', 'default')",
      [org.orgId, c],
    );
    const { counts, importId } = await importFile(
      c,
      CSV([
        "Name,Phone,Email,Time Zone,Notes",
        "Ann Lee,(212) 555-0100,ann@example.com,,in campaign already", // row 2: skipped (existing)
        "Bo Ray,415.555.0199,bo@example.com,PST,first of two", // row 3: imported
        "Bo Again,+1 415 555 0199,,,", // row 4: skipped (duplicate of row 3)
        "Cy Po,not a phone,cy@example.com,,", // row 5: rejected
        "Di Su,+44 20 7946 0958,di@,,", // row 6: imported without the unusable email, with a warning
        "Ed Al,602-555-0142,ed@example.com,,arizona", // row 7: imported, zone inferred
      ]),
    );
    expect(counts).toEqual({ imported: 3, updated: 0, skipped: 2, rejected: 1, total: 6, warned: 1 });
    const leads = await leadsOf(c);
    expect(leads.map((l) => l.phone)).toEqual([
      "+12125550100",
      "+14155550199",
      "+16025550142",
      "+442079460958",
    ]);
    expect(leads.find((l) => l.phone === "+12125550100")?.first_name).toBe("Existing");
    const bo = leads.find((l) => l.phone === "+14155550199");
    expect(bo).toMatchObject({
      first_name: "Bo",
      timezone: "America/Los_Angeles",
      timezone_source: "column",
      status: "pending",
    });
    expect(bo?.custom_fields).toEqual({ Notes: "first of two" });
    expect(leads.find((l) => l.phone === "+16025550142")).toMatchObject({
      timezone: "America/Phoenix",
      timezone_source: "inferred",
    });

    const report = await withUser(
      org.members.member.claims,
      (tx) => getImportReport({ tx, orgId: org.orgId, importId }),
      db.db,
    );
    expect(report.rows.map((r) => [r.row, r.status])).toEqual([
      [2, "skipped"],
      [4, "skipped"],
      [5, "rejected"],
      [6, "imported"],
    ]);
    expect(report.record.warnedCount).toBe(1);
    expect(report.rows.find((r) => r.row === 2)?.reason).toBe("already in this campaign");
    expect(report.rows.find((r) => r.row === 4)?.reason).toBe("duplicate of row 3 in this file");
    expect(report.rows.find((r) => r.row === 5)?.reason).toMatch(/not a phone number/);
    expect(report.rows.find((r) => r.row === 6)?.reason).toBe('unusable email "di@" left out');

    // The downloadable CSV: original columns, then row, outcome and reason.
    const parsed = Papa.parse<string[]>(rejectedRowsCsv(report).replace(/^\uFEFF/, ""), {
      skipEmptyLines: true,
    });
    expect(parsed.data[0]).toEqual([
      "Name",
      "Phone",
      "Email",
      "Time Zone",
      "Notes",
      "row",
      "outcome",
      "reason",
    ]);
    expect(parsed.data[3]).toEqual([
      "Cy Po",
      "not a phone",
      "cy@example.com",
      "",
      "",
      "5",
      "rejected",
      expect.stringMatching(/not a phone/),
    ]);
    // The lead that arrived without its email keeps its warning in the file. A cell starting with
    // "+" is escaped like any formula-like cell; the importer reads it back without the apostrophe.
    expect(parsed.data[4]).toEqual([
      "Di Su",
      "'+44 20 7946 0958",
      "di@",
      "",
      "",
      "6",
      "imported",
      'unusable email "di@" left out',
    ]);
    // Staging keeps only what did not land or landed with a warning.
    const [staged] = await db.query<{ n: number }>(
      "select count(*)::int as n from public.lead_import_rows where import_id = $1",
      [importId],
    );
    expect(Number(staged?.n)).toBe(4);
    const [di] = await db.query<{ email: string | null }>(
      "select email from public.leads where campaign_id = $1 and phone = '+442079460958'",
      [c],
    );
    expect(di?.email).toBeNull();
  });

  it("update mode updates existing leads (last row in the file wins) without touching their status", async () => {
    const c = await campaign();
    await db.query(
      "insert into public.leads (org_id, campaign_id, phone, first_name, company, timezone, timezone_source, status, attempts) values ($1, $2, '+13125550111', 'Old', 'Keep Co', 'America/Chicago', 'inferred', 'no_answer', 2)",
      [org.orgId, c],
    );
    const { counts } = await importFile(
      c,
      CSV([
        "First Name,Phone,Consent",
        "New,312-555-0111,yes",
        "Newer,312 555 0111,yes",
        "Fresh,312-555-0122,no",
      ]),
      "update",
    );
    expect(counts).toEqual({ imported: 1, updated: 1, skipped: 1, rejected: 0, total: 3, warned: 0 });
    const [row] = await db.query<{
      first_name: string;
      company: string;
      status: string;
      attempts: number;
      consent: boolean;
    }>(
      "select first_name, company, status::text as status, attempts, consent from public.leads where campaign_id = $1 and phone = '+13125550111'",
      [c],
    );
    expect(row).toEqual({
      first_name: "Newer",
      company: "Keep Co",
      status: "no_answer",
      attempts: 2,
      consent: true,
    });
  });

  it("numbers on the do-not-call list arrive as do_not_call; bulk consent fills rows without their own", async () => {
    const c = await campaign();
    await db.query(
      "insert into public.do_not_call (org_id, phone, source) values ($1, '+17185550123', 'manual')",
      [org.orgId],
    );
    await importCsvFile({
      db: db.db,
      user: org.members.member.claims,
      actor,
      campaignId: c,
      bytes: CSV(["Phone,Consent", "718-555-0123,", "718-555-0124,no"]),
      fileName: "x.csv",
      bulkConsent: { given: true, source: "Web form" },
    });
    const leads = await leadsOf(c);
    expect(leads.map((l) => [l.phone, l.status, l.consent])).toEqual([
      ["+17185550123", "do_not_call", true],
      ["+17185550124", "pending", false],
    ]);
  });

  it("a commit that fails part-way leaves no lead behind and the import still open", async () => {
    const c = await campaign();
    const member = org.members.member.claims;
    const setup = { campaignId: c, headers: ["Phone"], mapping: ["phone" as const] };
    const { importId } = await withUser(
      member,
      (tx) => startImport({ tx, actor, input: { setup, file: fileOf(2), duplicateMode: "skip" } }),
      db.db,
    );
    await withUser(
      member,
      (tx) =>
        stageImportRows({
          tx,
          actor,
          importId,
          rows: [
            { row: 2, cells: ["212-555-0150"] },
            { row: 3, cells: ["212-555-0151"] },
          ],
        }),
      db.db,
    );
    // Corrupt one staged row the way a bug or a bad deploy might: the commit's insert must fail.
    await db.query(
      "update public.lead_import_rows set lead = jsonb_set(lead, '{timezoneSource}', '\"bogus\"') where import_id = $1 and row_number = 3",
      [importId],
    );
    await expect(withUser(member, (tx) => commitImport({ tx, actor, importId }), db.db)).rejects.toThrow();
    expect(await leadsOf(c)).toEqual([]);
    const [rec] = await db.query<{ status: string }>(
      "select status::text as status from public.lead_imports where id = $1",
      [importId],
    );
    expect(rec?.status).toBe("staging");
    // Cancelling drops the staged rows.
    await withUser(member, (tx) => cancelImport({ tx, actor, importId }), db.db);
    const [left] = await db.query<{ n: number }>(
      "select count(*)::int as n from public.lead_import_rows where import_id = $1",
      [importId],
    );
    expect(Number(left?.n)).toBe(0);
  });

  it("a batch sent twice is staged once; a committed import takes no more rows and commits once", async () => {
    const c = await campaign();
    const member = org.members.member.claims;
    const setup = { campaignId: c, headers: ["Phone"], mapping: ["phone" as const] };
    const { importId } = await withUser(
      member,
      (tx) => startImport({ tx, actor, input: { setup, file: fileOf(2), duplicateMode: "skip" } }),
      db.db,
    );
    const rows = [
      { row: 2, cells: ["212-555-0160"] },
      { row: 3, cells: ["212-555-0161"] },
    ];
    await withUser(member, (tx) => stageImportRows({ tx, actor, importId, rows }), db.db);
    await withUser(member, (tx) => stageImportRows({ tx, actor, importId, rows }), db.db);
    const counts = await withUser(member, (tx) => commitImport({ tx, actor, importId }), db.db);
    expect(counts.imported).toBe(2);
    // A commit retried after its answer was lost changes nothing and answers the same.
    expect(await withUser(member, (tx) => commitImport({ tx, actor, importId }), db.db)).toEqual(counts);
    const again = await withUser(member, (tx) => stageImportRows({ tx, actor, importId, rows }), db.db).catch(
      (e: unknown) => e,
    );
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).code).toBe("conflict");
  });

  it("another organization can neither stage into nor read this organization's import", async () => {
    const c = await campaign();
    const member = org.members.member.claims;
    const setup = { campaignId: c, headers: ["Phone"], mapping: ["phone" as const] };
    const { importId } = await withUser(
      member,
      (tx) => startImport({ tx, actor, input: { setup, file: fileOf(2), duplicateMode: "skip" } }),
      db.db,
    );
    const outsider = other.members.owner;
    // Even claiming org A as its organization, RLS hides the import from org B's user.
    const forged: Actor = { userId: outsider.id, email: outsider.email, orgId: org.orgId, role: "owner" };
    const staged = await withUser(
      outsider.claims,
      (tx) => stageImportRows({ tx, actor: forged, importId, rows: [{ row: 2, cells: ["212-555-0170"] }] }),
      db.db,
    ).catch((e: unknown) => e);
    expect((staged as AppError).code).toBe("not_found");
    const report = await withUser(
      outsider.claims,
      (tx) => getImportReport({ tx, orgId: org.orgId, importId }),
      db.db,
    ).catch((e: unknown) => e);
    expect((report as AppError).code).toBe("not_found");
    const [n] = await db.query<{ n: number }>(
      "select count(*)::int as n from public.lead_import_rows where import_id = $1",
      [importId],
    );
    expect(Number(n?.n)).toBe(0);
  });

  it("refuses a file with no phone column, saying what to do", async () => {
    const c = await campaign();
    await expect(importFile(c, CSV(["Name,Email", "Ann,ann@example.com"]))).rejects.toThrow(/Phone/);
  });
});
