import { sql } from "drizzle-orm";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unescapeSpreadsheetCell } from "@/lib/csv/write-csv";
import { rowsOf, type Tx } from "@/lib/db/client";
import { withUser } from "@/lib/db/with-user";
import type { CallFilter } from "@/lib/schemas/call-filters";
import { CALL_EXPORT_COLUMNS, exportCallsCsv } from "@/lib/services/calls/export-calls";
import { type CallListQuery, listCalls } from "@/lib/services/calls/list-calls";
import { getChangeMarker } from "@/lib/services/live/get-change-marker";
import type { Actor } from "@/lib/services/organizations/roles";
import { insertCampaign, insertLead } from "../helpers/dialer-fixtures";
import { createOrgWithMembers, type TestOrg, type TestUser } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

/*
 * The calls log (issue 15, item 3): each filter, the full-text search over transcripts and
 * summaries under RLS, the CSV export of the filtered calls (all of them, across keyset batches,
 * escaped like every export), and the change marker the live pages poll (item 4).
 */

type Org = TestOrg<"owner" | "member">;
type Seeded = {
  name: string;
  campaign: "x" | "y";
  createdAt: string;
  result?: string | null;
  outcome?: string | null;
  provider?: "simulator" | "retell" | "vapi";
  duration?: number | null;
  summary?: string | null;
  transcript?: string | null;
  firstName?: string;
};

// Times are UTC. "early" is 04:30 UTC on Dec 1: still Nov 30 in New York, Dec 1 in UTC.
const CALLS: Seeded[] = [
  {
    name: "booked",
    campaign: "x",
    createdAt: "2026-12-01T15:00:00Z",
    result: "answered",
    outcome: "booked",
    provider: "retell",
    duration: 187,
    summary: "Lead booked a demo for Tuesday afternoon.",
    transcript: "Agent: Hi, this is Ava.\nUser: Sure, Tuesday works. Let's meet then.",
  },
  {
    name: "not-interested",
    campaign: "x",
    createdAt: "2026-12-01T16:00:00Z",
    result: "answered",
    outcome: "not_interested",
    provider: "vapi",
    duration: 45,
    summary: "Not interested; already uses a competitor.",
    transcript: "User: We already have a vendor, thanks.",
  },
  {
    name: "undecided",
    campaign: "y",
    createdAt: "2026-12-02T10:00:00Z",
    result: "answered",
    outcome: "unknown",
    provider: "simulator",
    duration: 30,
    summary: "Asked about pricing, no decision.",
    transcript: "User: How much is the premium plan?",
  },
  {
    name: "voicemail",
    campaign: "y",
    createdAt: "2026-12-02T11:00:00Z",
    result: "voicemail",
    outcome: "unknown",
    duration: 12,
  },
  {
    name: "no-answer",
    campaign: "x",
    createdAt: "2026-12-03T09:00:00Z",
    result: "no_answer",
    outcome: "unknown",
    duration: null,
  },
  {
    name: "early",
    campaign: "y",
    createdAt: "2026-12-01T04:30:00Z",
    result: "busy",
    outcome: "unknown",
    duration: 0,
  },
  {
    name: "live",
    campaign: "x",
    createdAt: "2026-12-03T12:00:00Z",
    result: null,
    outcome: null,
    duration: null,
  },
  {
    name: "tricky",
    campaign: "x",
    createdAt: "2026-12-02T12:00:00Z",
    result: "answered",
    outcome: "callback",
    provider: "retell",
    duration: 300,
    firstName: "=cmd|' /C calc'!A0",
    summary: '+1+HYPERLINK("http://evil.example","click") asked for a callback',
    transcript: 'User: "Call me back" at noon,\nplease.\r\nAgent: @SUM(1) noted, -2+3',
  },
];

describe.each(testDbKinds())("calls log on %s", (kind) => {
  let db: TestDb;
  let orgA: Org;
  let orgB: Org;
  const ids = new Map<string, string>();
  const campaigns: Record<"x" | "y", string> = { x: "", y: "" };
  let campaignB = "";

  const actorOf = (user: TestUser, orgId: string): Actor => ({
    userId: user.id,
    email: user.email,
    orgId,
    role: "member",
  });
  const asMember = <T>(fn: (tx: Tx) => Promise<T>, user: TestUser = orgA.members.member) =>
    withUser(user.claims, fn, db.db);

  /** The names of the calls a member of A sees for `filter`, newest first (every page). */
  async function names(filter: CallFilter & { zone?: string }, orgId = orgA.orgId, user?: TestUser) {
    const query: CallListQuery = { ...filter, page: 1, pageSize: 100 };
    const list = await asMember(
      (tx) => listCalls({ tx, actor: actorOf(user ?? orgA.members.member, orgId), query }),
      user,
    );
    const byId = new Map([...ids].map(([n, id]) => [id, n]));
    return list.rows.map((r) => byId.get(r.id) ?? `other:${r.id}`);
  }

  async function exportCsv(
    filter: CallFilter,
    { zone = "UTC", batchSize, searchCap }: { zone?: string; batchSize?: number; searchCap?: number } = {},
  ) {
    return asMember(async (tx) => {
      let out = "";
      for await (const chunk of exportCallsCsv({ tx, orgId: orgA.orgId, filter, zone, batchSize, searchCap }))
        out += chunk;
      return out;
    });
  }

  async function insertSeeded(orgId: string, campaignId: string, c: Seeded): Promise<string> {
    const leadId = await insertLead(db, orgId, campaignId, { firstName: c.firstName ?? `Lead ${c.name}` });
    const [row] = await db.query<{ id: string }>(
      `insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider, provider_account, to_number,
         result, outcome, duration_seconds, summary, transcript, deadline_at, created_at, updated_at, queued_at)
       select $1, $2, $3, 1, $4::public.call_status, $5, 'test', l.phone, $6::public.call_result,
         $7::public.call_outcome, $8, $9, $10, $11, $11, $11, $11
       from public.leads l where l.id = $3 returning id`,
      [
        orgId,
        campaignId,
        leadId,
        c.result ? "ended" : "live",
        c.provider ?? "simulator",
        c.result ?? null,
        c.outcome ?? null,
        c.duration ?? null,
        c.summary ?? null,
        c.transcript ?? null,
        c.createdAt,
      ],
    );
    if (!row) throw new Error("call insert returned nothing");
    return row.id;
  }

  beforeAll(async () => {
    db = await createTestDb(kind);
    orgA = await createOrgWithMembers(db, { members: { owner: "owner", member: "member" } });
    orgB = await createOrgWithMembers(db, { members: { owner: "owner", member: "member" } });
    campaigns.x = await insertCampaign(db, orgA.orgId);
    campaigns.y = await insertCampaign(db, orgA.orgId);
    campaignB = await insertCampaign(db, orgB.orgId);
    for (const c of CALLS) ids.set(c.name, await insertSeeded(orgA.orgId, campaigns[c.campaign], c));
    // Another organization's call whose transcript holds words none of A's calls have, and Tuesday.
    ids.set(
      "org-b",
      await insertSeeded(orgB.orgId, campaignB, {
        name: "org-b",
        campaign: "x",
        createdAt: "2026-12-02T13:00:00Z",
        result: "answered",
        outcome: "booked",
        duration: 200,
        summary: "Pineapple orchard owner booked for Tuesday.",
        transcript: "User: our pineapple harvest is on Tuesday",
      }),
    );
  });
  afterAll(() => db?.destroy());

  it("lists every call newest first without a filter, and only the organization's own", async () => {
    expect(await names({})).toEqual([
      "live",
      "no-answer",
      "tricky",
      "voicemail",
      "undecided",
      "not-interested",
      "booked",
      "early",
    ]);
  });

  it("filters by result, campaign and provider", async () => {
    expect(await names({ result: "answered" })).toEqual(["tricky", "undecided", "not-interested", "booked"]);
    expect(await names({ result: "voicemail" })).toEqual(["voicemail"]);
    expect(await names({ campaignId: campaigns.y })).toEqual(["voicemail", "undecided", "early"]);
    expect(await names({ provider: "retell" })).toEqual(["tricky", "booked"]);
    expect(await names({ provider: "vapi" })).toEqual(["not-interested"]);
    expect(await names({ campaignId: campaigns.x, result: "answered", provider: "retell" })).toEqual([
      "tricky",
      "booked",
    ]);
  });

  it("filters by review: reviewed, not reviewed, flagged for coaching, scored low; the export too", async () => {
    const review = (name: string, score: number, flagged: boolean) =>
      db.query(
        `insert into public.call_reviews (call_id, org_id, campaign_id, score, flagged, reviewed_at)
         select id, org_id, campaign_id, $2, $3, '2026-12-03T12:00:00Z' from public.calls where id = $1`,
        [ids.get(name), score, flagged],
      );
    await review("booked", 5, false);
    await review("not-interested", 2, true);
    await review("tricky", 1, false);
    // Another organization's low, flagged review changes nothing in A's log.
    await review("org-b", 1, true);
    try {
      expect(await names({ review: "reviewed" })).toEqual(["tricky", "not-interested", "booked"]);
      expect(await names({ review: "flagged" })).toEqual(["not-interested"]);
      expect(await names({ review: "low" })).toEqual(["tricky", "not-interested"]);
      expect(await names({ review: "unreviewed" })).toEqual([
        "live",
        "no-answer",
        "voicemail",
        "undecided",
        "early",
      ]);
      expect(await names({ review: "unreviewed", result: "answered" })).toEqual(["undecided"]);
      const byId = new Map([...ids].map(([n, id]) => [id, n]));
      const rows = parse(await exportCsv({ review: "low" }, { batchSize: 1 }));
      expect(rows.slice(1).map((r) => byId.get(r[0] ?? ""))).toEqual(["tricky", "not-interested"]);
    } finally {
      await db.query("delete from public.call_reviews");
    }
  });

  it("filters by outcome among conversations only: an unanswered call's 'unknown' is no decision", async () => {
    expect(await names({ outcome: "booked" })).toEqual(["booked"]);
    expect(await names({ outcome: "callback" })).toEqual(["tricky"]);
    expect(await names({ outcome: "unknown" })).toEqual(["undecided"]);
    expect(await names({ outcome: "booked", result: "busy" })).toEqual([]);
  });

  it("filters by days in the viewer's zone, both ends included", async () => {
    // 04:30 UTC on Dec 1 is Nov 30 in New York.
    expect(await names({ from: "2026-12-01", to: "2026-12-01", zone: "UTC" })).toEqual([
      "not-interested",
      "booked",
      "early",
    ]);
    expect(await names({ from: "2026-12-01", to: "2026-12-01", zone: "America/New_York" })).toEqual([
      "not-interested",
      "booked",
    ]);
    expect(await names({ to: "2026-11-30", zone: "America/New_York" })).toEqual(["early"]);
    expect(await names({ from: "2026-12-03", zone: "UTC" })).toEqual(["live", "no-answer"]);
    // Tokyo is 9 hours ahead: Dec 2 there runs from Dec 1 15:00 to Dec 2 15:00 UTC.
    expect(await names({ from: "2026-12-02", to: "2026-12-02", zone: "Asia/Tokyo" })).toEqual([
      "tricky",
      "voicemail",
      "undecided",
      "not-interested",
      "booked",
    ]);
  });

  it("filters by duration, both bounds included; a call with no duration matches no bound", async () => {
    expect(await names({ minSeconds: 45 })).toEqual(["tricky", "not-interested", "booked"]);
    expect(await names({ maxSeconds: 30 })).toEqual(["voicemail", "undecided", "early"]);
    expect(await names({ minSeconds: 30, maxSeconds: 45 })).toEqual(["undecided", "not-interested"]);
    expect(await names({ minSeconds: 0 })).not.toContain("no-answer");
  });

  it("searches transcripts and summaries with stemming, phrases, OR and exclusion", async () => {
    // "booking" finds "booked" (summary); "vendor" only a transcript has.
    expect(await names({ q: "booking" })).toEqual(["booked"]);
    expect(await names({ q: "vendor" })).toEqual(["not-interested"]);
    expect(await names({ q: "tuesday" })).toEqual(["booked"]);
    expect(await names({ q: '"premium plan"' })).toEqual(["undecided"]);
    expect(await names({ q: '"plan premium"' })).toEqual([]);
    expect(await names({ q: "pricing or competitor" })).toEqual(["undecided", "not-interested"]);
    expect(await names({ q: "tuesday -demo" })).toEqual([]);
    // Words the parser drops (stop words only) match nothing rather than everything.
    expect(await names({ q: "the" })).toEqual([]);
    // Search and filters together.
    expect(await names({ q: "callback or tuesday", provider: "retell", minSeconds: 180 })).toEqual([
      "tricky",
      "booked",
    ]);
  });

  it("never matches another organization's transcripts, whatever organization the query names", async () => {
    expect(await names({ q: "pineapple" })).toEqual([]);
    expect(await names({ q: "tuesday" })).toEqual(["booked"]);
    // A member of A naming B's organization sees nothing of it: RLS, not the filter, decides.
    expect(await names({ q: "pineapple" }, orgB.orgId)).toEqual([]);
    expect(await names({}, orgB.orgId)).toEqual([]);
    // B's own member finds it.
    expect(await names({ q: "pineapple" }, orgB.orgId, orgB.members.member)).toEqual(["org-b"]);
    const csv = await exportCsv({ q: "pineapple" });
    expect(parse(csv)).toHaveLength(1); // the header only
  });

  it("the search's index helper answers only for the caller's own organizations", async () => {
    const probe = (user: TestUser, orgId: string, q: string) =>
      withUser(
        user.claims,
        async (tx) =>
          rowsOf<{ n: number }>(
            await tx.execute(
              sql`select count(*)::int as n from private.call_ids_matching(${orgId}::uuid, ${q}, 100)`,
            ),
          )[0]?.n,
        db.db,
      );
    expect(await probe(orgB.members.member, orgB.orgId, "pineapple")).toBe(1);
    expect(await probe(orgA.members.member, orgB.orgId, "pineapple")).toBe(0);
    expect(await probe(orgA.members.owner, orgB.orgId, "tuesday")).toBe(0);
    expect(await probe(orgA.members.member, orgA.orgId, "tuesday")).toBe(1);
  });

  it("exports exactly the filtered calls, newest first, across keyset batches", async () => {
    for (const filter of [
      {},
      { result: "answered" as const },
      { campaignId: campaigns.x },
      { q: "tuesday" },
    ]) {
      const expected = await names(filter);
      for (const batchSize of [1, 2, 3, 100]) {
        const rows = parse(await exportCsv(filter, { batchSize }));
        expect(rows[0]).toEqual([...CALL_EXPORT_COLUMNS]);
        const byId = new Map([...ids].map(([n, id]) => [id, n]));
        expect(rows.slice(1).map((r) => byId.get(r[0] ?? ""))).toEqual(expected);
      }
    }
  });

  it("finds a common word's calls by walking them when the index lookup passes its cap", async () => {
    const q = "tuesday or vendor or pricing or callback";
    const expected = ["tricky", "undecided", "not-interested", "booked"];
    expect(await names({ q })).toEqual(expected);
    const byId = new Map([...ids].map(([n, id]) => [id, n]));
    for (const searchCap of [1, 3, 4, 100]) {
      const rows = parse(await exportCsv({ q }, { searchCap, batchSize: 2 }));
      expect(rows.slice(1).map((r) => byId.get(r[0] ?? ""))).toEqual(expected);
    }
    // Past the cap the walk still sees only the organization's own calls.
    const rows = parse(await exportCsv({ q: "pineapple or tuesday" }, { searchCap: 0 }));
    expect(rows.slice(1).map((r) => byId.get(r[0] ?? ""))).toEqual(["booked"]);
  });

  it("keeps calls of the same instant apart across batch boundaries (the keyset includes the id)", async () => {
    const lead = await insertLead(db, orgA.orgId, campaigns.x, { firstName: "Same instant" });
    const made: string[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const [row] = await db.query<{ id: string }>(
        `insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider, provider_account, to_number,
           deadline_at, created_at, updated_at, queued_at)
         values ($1, $2, $3, $4, 'ended', 'simulator', 'test', '+12125550111', $5, $5, $5, $5) returning id`,
        [orgA.orgId, campaigns.x, lead, attempt, "2026-11-20T10:00:00.123456Z"],
      );
      made.push(row?.id ?? "");
    }
    try {
      const rows = parse(await exportCsv({ to: "2026-11-20" }, { batchSize: 2 }));
      expect(
        rows
          .slice(1)
          .map((r) => r[0])
          .sort(),
      ).toEqual([...made].sort());
      expect(rows[1]?.[1]).toBe("2026-11-20T10:00:00.123Z");
    } finally {
      await db.query("delete from public.calls where lead_id = $1", [lead]);
      await db.query("delete from public.leads where id = $1", [lead]);
    }
  });

  it("escapes cells like every export: formulas defused, quotes doubled, line breaks kept inside quotes", async () => {
    const csv = await exportCsv({ outcome: "callback" });
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain("\r\n");
    const [header, row] = parse(csv);
    const cell = (name: (typeof CALL_EXPORT_COLUMNS)[number]) => row?.[header?.indexOf(name) ?? -1];
    // A leading = + - @ would run as a formula in a spreadsheet: an apostrophe makes it text.
    expect(cell("first_name")).toBe("'=cmd|' /C calc'!A0");
    expect(cell("summary")).toBe('\'+1+HYPERLINK("http://evil.example","click") asked for a callback');
    // Quotes and line breaks survive the round trip; a cell with them is quoted, quotes doubled.
    expect(cell("transcript")).toBe('User: "Call me back" at noon,\nplease.\r\nAgent: @SUM(1) noted, -2+3');
    expect(csv).toContain('"User: ""Call me back"" at noon,\nplease.\r\nAgent: @SUM(1) noted, -2+3"');
    expect(unescapeSpreadsheetCell(cell("first_name") ?? "")).toBe("=cmd|' /C calc'!A0");
    expect(cell("outcome")).toBe("callback");
    expect(cell("duration_seconds")).toBe("300");
    expect(cell("provider")).toBe("retell");
    // An E.164 number stays as it is (it can't run anything and re-imports unchanged).
    expect(cell("phone")).toMatch(/^\+1\d{10}$/);
    // Unanswered calls carry no outcome, as on the page.
    const voicemail = parse(await exportCsv({ result: "voicemail" }))[1];
    expect(voicemail?.[header?.indexOf("outcome") ?? -1]).toBe("");
  });

  describe("change marker", () => {
    const NOW = new Date("2026-12-03T12:07:00Z");
    const marker = (user: TestUser, orgId: string, campaignId?: string, now = NOW) =>
      withUser(user.claims, (tx) => getChangeMarker({ tx, orgId, query: { campaignId }, now }), db.db);

    it("stays the same while nothing changes, and within the 5-minute step", async () => {
      const first = await marker(orgA.members.member, orgA.orgId);
      expect(await marker(orgA.members.member, orgA.orgId)).toBe(first);
      expect(await marker(orgA.members.member, orgA.orgId, undefined, new Date("2026-12-03T12:09:59Z"))).toBe(
        first,
      );
    });

    it("changes when a call is added or changed, even one stamped before the newest change", async () => {
      const before = await marker(orgA.members.member, orgA.orgId);
      const lead = await insertLead(db, orgA.orgId, campaigns.x);
      const [call] = await db.query<{ id: string }>(
        `insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider, provider_account, to_number,
           deadline_at, created_at, updated_at, queued_at)
         values ($1, $2, $3, 1, 'queued', 'simulator', 'test', '+12125550112', $4, $4, $4, $4) returning id`,
        [orgA.orgId, campaigns.x, lead, "2026-12-03T12:06:00Z"],
      );
      const added = await marker(orgA.members.member, orgA.orgId);
      expect(added).not.toBe(before);
      // A transaction that took its clock earlier and committed later: the maximum stays, the marker moves.
      await db.query("update public.calls set status = 'live', updated_at = $2 where id = $1", [
        call?.id,
        "2026-12-03T12:05:30Z",
      ]);
      const late = await marker(orgA.members.member, orgA.orgId);
      expect(late).not.toBe(added);
      // The campaign page's marker follows its own campaign's calls only.
      const ofY = await marker(orgA.members.member, orgA.orgId, campaigns.y);
      await db.query(
        "update public.calls set status = 'ended', result = 'answered', updated_at = $2 where id = $1",
        [call?.id, "2026-12-03T12:06:30Z"],
      );
      expect(await marker(orgA.members.member, orgA.orgId, campaigns.y)).toBe(ofY);
      expect(await marker(orgA.members.member, orgA.orgId, campaigns.x)).not.toBe(late);
      // A campaign paused or renamed changes it too.
      const beforePause = await marker(orgA.members.member, orgA.orgId);
      await db.query("update public.campaigns set status = 'paused', updated_at = $2 where id = $1", [
        campaigns.y,
        "2026-12-03T12:06:40Z",
      ]);
      expect(await marker(orgA.members.member, orgA.orgId)).not.toBe(beforePause);
    });

    it("is scoped by RLS: another organization's changes never move it, nor can it be read across", async () => {
      const ofB = await marker(orgB.members.member, orgB.orgId);
      const lead = await insertLead(db, orgA.orgId, campaigns.x);
      await db.query(
        `insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider, provider_account, to_number,
           deadline_at, created_at, updated_at, queued_at)
         values ($1, $2, $3, 1, 'queued', 'simulator', 'test', '+12125550113', $4, $4, $4, $4)`,
        [orgA.orgId, campaigns.x, lead, "2026-12-03T12:06:50Z"],
      );
      expect(await marker(orgB.members.member, orgB.orgId)).toBe(ofB);
      // B's member asking about A's organization reads the marker of nothing at all.
      const acrossBefore = await marker(orgB.members.member, orgA.orgId);
      expect(acrossBefore).toMatch(/^\d+:0:0:0:$/);
      await db.query("update public.calls set updated_at = $2 where lead_id = $1", [
        lead,
        "2026-12-03T12:06:55Z",
      ]);
      expect(await marker(orgB.members.member, orgA.orgId)).toBe(acrossBefore);
    });
  });
});

function parse(csv: string): string[][] {
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}
