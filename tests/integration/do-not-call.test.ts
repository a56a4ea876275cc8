import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tx } from "@/lib/db/client";
import { deleteDoNotCallEntry } from "@/lib/db/queries/do-not-call";
import { withUser } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import { addDoNotCall } from "@/lib/services/do-not-call/add-do-not-call";
import { exportDoNotCallCsv } from "@/lib/services/do-not-call/export-do-not-call";
import { importDoNotCall } from "@/lib/services/do-not-call/import-do-not-call";
import { listDoNotCallPage } from "@/lib/services/do-not-call/list-do-not-call";
import { removeDoNotCall } from "@/lib/services/do-not-call/remove-do-not-call";
import type { Actor } from "@/lib/services/organizations/roles";
import { createOrgWithMembers, type TestOrg, type TestUser } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

/*
 * The do-not-call list through its services, as real users under RLS (`withUser`), judged by
 * re-reading through the owner connection.
 */

type Role = "owner" | "admin" | "member";

describe.each(testDbKinds())("do-not-call list (%s)", (kind) => {
  let db: TestDb;
  let org: TestOrg<Role>;
  let other: TestOrg<"owner">;
  let campaignA: string;
  let campaignB: string;
  let otherCampaign: string;

  const actorOf = (o: TestOrg<string>, user: TestUser, role: Role): Actor => ({
    userId: user.id,
    email: user.email,
    orgId: o.orgId,
    role,
  });
  const as = <T>(user: TestUser, fn: (tx: Tx) => Promise<T>) => withUser(user.claims, fn, db.db);
  const member = () => actorOf(org, org.members.member, "member");
  const admin = () => actorOf(org, org.members.admin, "admin");

  async function insertCampaign(orgId: string, name: string): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `insert into public.campaigns (org_id, name, default_timezone) values ($1, $2, 'America/New_York') returning id`,
      [orgId, name],
    );
    if (!row) throw new Error("no campaign");
    return row.id;
  }

  async function insertLead(orgId: string, campaignId: string, phone: string): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `insert into public.leads (org_id, campaign_id, phone, timezone, timezone_source, next_attempt_at)
       values ($1, $2, $3, 'America/Los_Angeles', 'inferred', now()) returning id`,
      [orgId, campaignId, phone],
    );
    if (!row) throw new Error("no lead");
    return row.id;
  }

  const leadsOf = (orgId: string, phone: string) =>
    db.query<{ id: string; campaign_id: string; status: string; next_attempt_at: Date | null }>(
      `select id, campaign_id, status::text as status, next_attempt_at from public.leads
       where org_id = $1 and phone = $2 order by campaign_id`,
      [orgId, phone],
    );

  const entriesOf = (orgId: string) =>
    db.query<{ id: string; phone: string; reason: string | null; source: string; added_by: string | null }>(
      `select id, phone, reason, source::text as source, added_by from public.do_not_call where org_id = $1 order by phone`,
      [orgId],
    );

  async function exportCsv(user: TestUser, orgId: string): Promise<string> {
    return as(user, async (tx) => {
      let text = "";
      for await (const chunk of exportDoNotCallCsv({ tx, orgId })) text += chunk;
      return text;
    });
  }

  async function rejection(promise: Promise<unknown>): Promise<AppError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  beforeAll(async () => {
    db = await createTestDb(kind);
    org = await createOrgWithMembers(db, { members: { owner: "owner", admin: "admin", member: "member" } });
    other = await createOrgWithMembers(db, { members: { owner: "owner" } });
    campaignA = await insertCampaign(org.orgId, "Solar Q1");
    campaignB = await insertCampaign(org.orgId, "Roofing Q1");
    otherCampaign = await insertCampaign(other.orgId, "Elsewhere");
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it("adding a number marks its leads in every campaign of the organization, and nothing else", async () => {
    await insertLead(org.orgId, campaignA, "+14155550101");
    await insertLead(org.orgId, campaignB, "+14155550101");
    await insertLead(org.orgId, campaignA, "+14155550109");
    await insertLead(other.orgId, otherCampaign, "+14155550101");

    const result = await as(org.members.member, (tx) =>
      addDoNotCall({
        tx,
        actor: member(),
        input: { phone: "(415) 555-0101", reason: "asked not to be called" },
      }),
    );
    expect(result).toEqual({ status: "added", phone: "+14155550101", leadsMarked: 2, campaignsMarked: 2 });

    const marked = await leadsOf(org.orgId, "+14155550101");
    expect(marked).toHaveLength(2);
    expect(new Set(marked.map((l) => l.campaign_id))).toEqual(new Set([campaignA, campaignB]));
    for (const lead of marked) {
      expect(lead.status).toBe("do_not_call");
      expect(lead.next_attempt_at).toBeNull();
    }
    expect((await leadsOf(org.orgId, "+14155550109"))[0]?.status).toBe("pending");
    expect((await leadsOf(other.orgId, "+14155550101"))[0]?.status).toBe("pending");

    expect(await entriesOf(org.orgId)).toEqual([
      expect.objectContaining({
        phone: "+14155550101",
        reason: "asked not to be called",
        source: "manual",
        added_by: org.members.member.id,
      }),
    ]);
    // The history triggers record who caused the change.
    const events = await db.query<{ lead_id: string; actor_id: string }>(
      `select lead_id, actor_id from public.lead_events
       where org_id = $1 and type = 'status_changed' and to_status = 'do_not_call'`,
      [org.orgId],
    );
    expect(new Set(events.map((e) => e.lead_id))).toEqual(new Set(marked.map((l) => l.id)));
    expect(events.every((e) => e.actor_id === org.members.member.id)).toBe(true);
  });

  it("re-adding a listed number is idempotent: the first entry and the leads stay as they were", async () => {
    const eventsBefore = await db.query<{ n: number }>(`select count(*)::int as n from public.lead_events`);
    const result = await as(org.members.admin, (tx) =>
      addDoNotCall({ tx, actor: admin(), input: { phone: "+1 415-555-0101", reason: "a second reason" } }),
    );
    expect(result).toMatchObject({
      status: "already_listed",
      phone: "+14155550101",
      leadsMarked: 0,
      listedBy: org.members.member.email,
    });
    const entries = await entriesOf(org.orgId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ reason: "asked not to be called", added_by: org.members.member.id });
    expect(await db.query<{ n: number }>(`select count(*)::int as n from public.lead_events`)).toEqual(
      eventsBefore,
    );
  });

  it("rejects unusable numbers with a reason on the phone field and writes nothing", async () => {
    const cases: [string, RegExp][] = [
      ["12", /^Number is too short\. .*read as US/],
      ["hello", /^Not a phone number\.$/],
      ["+999 123 4567", /^Unknown country code \+999\.$/],
      ["1234567890", /^Invalid number for US\. /],
      ["0", /^Missing phone number\.$/],
    ];
    for (const [phone, message] of cases) {
      const error = await rejection(
        as(org.members.member, (tx) => addDoNotCall({ tx, actor: member(), input: { phone } })),
      );
      expect(error.code).toBe("validation");
      expect(error.details?.fields?.phone).toMatch(message);
    }
    expect(await entriesOf(org.orgId)).toHaveLength(1);
  });

  it("imports a CSV: every phone-like column, reasons, and a count per outcome with row numbers", async () => {
    await insertLead(org.orgId, campaignB, "+14155550202");
    const csv = [
      "Name,Mobile,Work Phone,Notes",
      "Ann,(415) 555-0201,,moved away",
      'Bob,415-555-0202,+44 20 7946 0958,"said ""stop"", twice"',
      "",
      "Cy,not a number,,",
      "Di,,,no number here",
      "Ed,+1 415 555 0201,,again",
      "Fa,(415) 555-0101,,already there",
    ].join("\r\n");
    const result = await as(org.members.member, (tx) =>
      importDoNotCall({ tx, actor: member(), input: { fileName: "dnc.csv", csv, reason: "CRM opt-outs" } }),
    );
    expect(result).toMatchObject({
      rows: 6,
      hasHeader: true,
      phoneColumns: ["Mobile", "Work Phone"],
      reasonColumn: "Notes",
      counts: { added: 3, alreadyListed: 1, duplicates: 1, invalid: 2 },
      leadsMarked: 1,
      campaignsMarked: 1,
    });
    const outcome = (row: number) =>
      result.details.filter((d) => d.row === row).map((d) => [d.column, d.outcome, d.phone, d.note]);
    expect(outcome(2)).toEqual([["Mobile", "added", "+14155550201", null]]);
    expect(outcome(3)).toEqual([
      ["Mobile", "added", "+14155550202", null],
      ["Work Phone", "added", "+442079460958", null],
    ]);
    expect(outcome(4)).toEqual([]);
    expect(outcome(5)).toEqual([["Mobile", "invalid", null, "not a phone number"]]);
    expect(outcome(6)).toEqual([["Mobile", "invalid", null, "missing phone number"]]);
    expect(outcome(7)).toEqual([["Mobile", "duplicate", "+14155550201", "same number as on row 2"]]);
    expect(outcome(8)).toEqual([["Mobile", "already_listed", "+14155550101", "already on the list"]]);

    const entries = await entriesOf(org.orgId);
    expect(entries.map((e) => [e.phone, e.reason, e.source])).toEqual([
      ["+14155550101", "asked not to be called", "manual"],
      ["+14155550201", "moved away", "import"],
      ["+14155550202", 'said "stop", twice', "import"],
      ["+442079460958", 'said "stop", twice', "import"],
    ]);
    expect((await leadsOf(org.orgId, "+14155550202"))[0]?.status).toBe("do_not_call");
  });

  it("imports a bare list of numbers and list-style headers, and refuses a file without phones", async () => {
    const bare = await as(org.members.member, (tx) =>
      importDoNotCall({
        tx,
        actor: member(),
        input: { fileName: "bare.csv", csv: "\uFEFF4155550301\n+1 415 555 0302\n\n4155550301\n" },
      }),
    );
    expect(bare).toMatchObject({
      rows: 3,
      hasHeader: false,
      counts: { added: 2, duplicates: 1, invalid: 0 },
    });
    expect(bare.details.find((d) => d.outcome === "duplicate")).toMatchObject({
      row: 4,
      note: "same number as on row 1",
    });

    const styled = await as(org.members.member, (tx) =>
      importDoNotCall({
        tx,
        actor: member(),
        input: { fileName: "dnc.csv", csv: "DNC Number;Opt-out reason\n415.555.0303;texted STOP\n" },
      }),
    );
    expect(styled).toMatchObject({ phoneColumns: ["DNC Number"], reasonColumn: "Opt-out reason" });
    expect(styled.counts.added).toBe(1);

    const error = await rejection(
      as(org.members.member, (tx) =>
        importDoNotCall({
          tx,
          actor: member(),
          input: { fileName: "x.csv", csv: "Name,Company\nAnn,Acme\n" },
        }),
      ),
    );
    expect(error.code).toBe("validation");
    expect(error.details?.fields?.csv).toMatch(/No column looks like a phone number/);
  });

  it("exports the whole list as spreadsheet-safe UTF-8 CSV that imports back unchanged", async () => {
    await as(org.members.member, (tx) =>
      addDoNotCall({
        tx,
        actor: member(),
        input: { phone: "4155550401", reason: '=HYPERLINK("http://x.test","hi")' },
      }),
    );
    await as(org.members.member, (tx) =>
      addDoNotCall({
        tx,
        actor: member(),
        input: { phone: "4155550402", reason: "Zoë said:\nnever again, ok?" },
      }),
    );
    await as(org.members.member, (tx) =>
      addDoNotCall({ tx, actor: member(), input: { phone: "4155550403", reason: "-1 star review" } }),
    );
    const text = await exportCsv(org.members.member, org.orgId);
    expect(text.startsWith("\uFEFFphone,reason,source,added_by,added_at\r\n")).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
    const source = await entriesOf(org.orgId);
    expect(parsed.data.map((r) => r.phone)).toEqual(source.map((e) => e.phone));
    const byPhone = new Map(parsed.data.map((r) => [r.phone, r]));
    expect(byPhone.get("+14155550401")?.reason).toBe(`'=HYPERLINK("http://x.test","hi")`);
    expect(byPhone.get("+14155550403")?.reason).toBe("'-1 star review");
    expect(byPhone.get("+14155550101")).toMatchObject({
      source: "manual",
      added_by: org.members.member.email,
    });
    // No cell may start like a formula unless it is a plain E.164 number.
    for (const row of parsed.data) {
      for (const cell of Object.values(row))
        expect(/^[=+\-@\t\r]/.test(cell) && !/^\+\d+$/.test(cell)).toBe(false);
    }

    // Round trip: the export imported into another organization gives the same numbers and reasons.
    const imported = await as(other.members.owner, (tx) =>
      importDoNotCall({
        tx,
        actor: actorOf(other, other.members.owner, "owner"),
        input: { fileName: "export.csv", csv: text },
      }),
    );
    expect(imported.counts).toEqual({ added: source.length, alreadyListed: 0, duplicates: 0, invalid: 0 });
    const copy = await entriesOf(other.orgId);
    expect(copy.map((e) => [e.phone, e.reason])).toEqual(source.map((e) => [e.phone, e.reason]));

    // RLS: a signed-in user of another organization exports nothing of this one.
    expect(await exportCsv(other.members.owner, org.orgId)).toBe(
      "\uFEFFphone,reason,source,added_by,added_at\r\n",
    );
  });

  it("lists a page with search by number, who added each entry and the leads it matches", async () => {
    const page = await as(org.members.member, (tx) =>
      listDoNotCallPage({ tx, actor: member(), input: { q: "(415) 555-01" } }),
    );
    expect(page).toMatchObject({ total: 1, page: 1, canRemove: false, listIsEmpty: false });
    expect(page.entries[0]).toMatchObject({
      phone: "+14155550101",
      addedByEmail: org.members.member.email,
      matchingLeads: 2,
    });
    const none = await as(org.members.admin, (tx) =>
      listDoNotCallPage({ tx, actor: admin(), input: { q: "999999", page: 7 } }),
    );
    expect(none).toMatchObject({ total: 0, page: 1, entries: [], canRemove: true, listIsEmpty: false });
    const fresh = await createOrgWithMembers(db, { members: { owner: "owner" } });
    const empty = await as(fresh.members.owner, (tx) =>
      listDoNotCallPage({ tx, actor: actorOf(fresh, fresh.members.owner, "owner"), input: {} }),
    );
    expect(empty).toMatchObject({ total: 0, listIsEmpty: true });
  });

  it("a member cannot remove an entry (service error and RLS); an admin can, and leads stay marked", async () => {
    const [entry] = await db.query<{ id: string }>(
      `select id from public.do_not_call where org_id = $1 and phone = '+14155550101'`,
      [org.orgId],
    );
    if (!entry) throw new Error("no entry");

    const refused = await rejection(
      as(org.members.member, (tx) => removeDoNotCall({ tx, actor: member(), input: { id: entry.id } })),
    );
    expect(refused.code).toBe("forbidden");
    expect(refused.message).toMatch(/Only owners and admins/);
    // Straight past the service: the policy filters the delete away.
    expect(
      await as(org.members.member, (tx) => deleteDoNotCallEntry(tx, { orgId: org.orgId, id: entry.id })),
    ).toBe(0);
    expect(await db.query(`select 1 from public.do_not_call where id = $1`, [entry.id])).toHaveLength(1);

    const eventsBefore = await db.query<{ n: number }>(`select count(*)::int as n from public.lead_events`);
    const removed = await as(org.members.admin, (tx) =>
      removeDoNotCall({ tx, actor: admin(), input: { id: entry.id } }),
    );
    expect(removed).toEqual({ phone: "+14155550101", leadsStillMarked: 2 });
    expect(await db.query(`select 1 from public.do_not_call where id = $1`, [entry.id])).toHaveLength(0);
    // Removal never reverts lead statuses on its own.
    expect((await leadsOf(org.orgId, "+14155550101")).map((l) => l.status)).toEqual([
      "do_not_call",
      "do_not_call",
    ]);
    expect(await db.query<{ n: number }>(`select count(*)::int as n from public.lead_events`)).toEqual(
      eventsBefore,
    );

    const gone = await rejection(
      as(org.members.admin, (tx) => removeDoNotCall({ tx, actor: admin(), input: { id: entry.id } })),
    );
    expect(gone.code).toBe("not_found");

    // Once removed, the number can be listed again, and the owner may remove it too.
    const again = await as(org.members.member, (tx) =>
      addDoNotCall({ tx, actor: member(), input: { phone: "+14155550101" } }),
    );
    expect(again).toMatchObject({ status: "added", leadsMarked: 0 });
    const [relisted] = await db.query<{ id: string }>(
      `select id from public.do_not_call where org_id = $1 and phone = '+14155550101'`,
      [org.orgId],
    );
    if (!relisted) throw new Error("not relisted");
    await as(org.members.owner, (tx) =>
      removeDoNotCall({ tx, actor: actorOf(org, org.members.owner, "owner"), input: { id: relisted.id } }),
    );
    expect(await db.query(`select 1 from public.do_not_call where id = $1`, [relisted.id])).toHaveLength(0);
  });
});
