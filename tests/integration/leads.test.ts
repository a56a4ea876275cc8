import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/lib/db/client";
import type { MemberRole } from "@/lib/db/queries/memberships";
import { withUser } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import {
  DEFAULT_LEAD_SORT,
  LEAD_COUNT_CAP,
  type LeadFilter,
  type LeadFormValues,
  type LeadListQuery,
  type LeadSelection,
  type LeadSort,
} from "@/lib/schemas/lead";
import { addLeadsToDoNotCall } from "@/lib/services/leads/add-leads-to-do-not-call";
import { countMatchingLeads } from "@/lib/services/leads/count-matching-leads";
import { deleteLeads } from "@/lib/services/leads/delete-leads";
import { getLeadDetails } from "@/lib/services/leads/get-lead-details";
import { listLeads } from "@/lib/services/leads/list-leads";
import { moveLeads } from "@/lib/services/leads/move-leads";
import { previewReset, resetLeads } from "@/lib/services/leads/reset-leads";
import { updateLead } from "@/lib/services/leads/update-lead";
import type { Actor } from "@/lib/services/organizations/roles";
import { createOrgWithMembers, type TestUser } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

type SeedLead = {
  phone: string;
  first_name?: string | null;
  last_name?: string | null;
  company?: string | null;
  email?: string | null;
  timezone?: string;
  timezone_source?: "column" | "inferred" | "default";
  timezone_candidates?: string[] | null;
  consent?: boolean | null;
  consent_source?: string | null;
  status?: string;
  attempts?: number;
  last_called_at?: string | null;
  next_attempt_at?: string | null;
  created_at?: string;
};

type LeadRow = {
  id: string;
  org_id: string;
  campaign_id: string;
  phone: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  first_name: string | null;
  timezone: string;
  timezone_source: string;
  timezone_candidates: string[] | null;
  consent: boolean | null;
  consent_source: string | null;
  consent_at: Date | null;
  custom_fields: Record<string, string>;
  email: string | null;
};

const NOW = new Date("2026-03-02T15:00:00Z");

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
}

describe.each(testDbKinds())("leads on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(kind);
  });
  afterAll(() => db.destroy());

  type Org = { orgId: string; owner: TestUser; actor: Actor };

  async function org(): Promise<Org> {
    const o = await createOrgWithMembers(db, { members: { owner: "owner" } });
    const owner = o.members.owner;
    const role: MemberRole = "owner";
    return { orgId: o.orgId, owner, actor: { userId: owner.id, email: owner.email, orgId: o.orgId, role } };
  }

  async function campaign(orgId: string, name = "Campaign"): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `insert into public.campaigns (org_id, name, default_timezone) values ($1, $2, 'America/New_York') returning id`,
      [orgId, name],
    );
    if (!row) throw new Error("no campaign");
    return row.id;
  }

  /** Explicit leads, in one set-based insert through the owner connection. */
  async function insertLeads(orgId: string, campaignId: string, rows: SeedLead[]): Promise<string[]> {
    const inserted = await db.query<{ id: string; phone: string }>(
      `insert into public.leads (org_id, campaign_id, phone, first_name, last_name, company, email, timezone,
         timezone_source, timezone_candidates, consent, consent_source, status, attempts, last_called_at,
         next_attempt_at, created_at)
       select $1, $2, r.phone, r.first_name, r.last_name, r.company, r.email,
              coalesce(r.timezone, 'America/New_York'),
              coalesce(r.timezone_source, 'default')::public.timezone_source, r.timezone_candidates,
              r.consent, r.consent_source, coalesce(r.status, 'pending')::public.lead_status,
              coalesce(r.attempts, 0), r.last_called_at, r.next_attempt_at, coalesce(r.created_at, now())
       from jsonb_to_recordset($3::jsonb) as r(phone text, first_name text, last_name text, company text,
         email text, timezone text, timezone_source text, timezone_candidates text[], consent boolean,
         consent_source text, status text, attempts int, last_called_at timestamptz, next_attempt_at timestamptz,
         created_at timestamptz)
       returning id, phone`,
      [orgId, campaignId, JSON.stringify(rows)],
    );
    const byPhone = new Map(inserted.map((r) => [r.phone, r.id]));
    return rows.map((r) => byPhone.get(r.phone) ?? "");
  }

  /** `n` generated leads with phones +1<prefix>0000001…, one statement. */
  async function seedMany(orgId: string, campaignId: string, n: number, prefix: string, extra = "") {
    await db.query(
      `insert into public.leads (org_id, campaign_id, phone, first_name, last_name, company, timezone, timezone_source,
         status, attempts, created_at)
       select $1, $2, '+1' || $4 || lpad(g::text, 7, '0'), 'Gen' || g, 'Seed' || g, 'Bulk Co ' || (g % 7) || $5,
              'America/Chicago', 'inferred', 'pending', g % 4, now() - g * interval '1 second'
       from generate_series(1, $3::int) g`,
      [orgId, campaignId, n, prefix, extra],
    );
  }

  const readLeads = (where: string, params: unknown[]) =>
    db.query<LeadRow>(`select * from public.leads where ${where} order by phone`, params);

  const query = (filter: LeadFilter = {}, over: Partial<LeadListQuery> = {}): LeadListQuery => ({
    filter,
    ...DEFAULT_LEAD_SORT,
    page: 1,
    ...over,
  });

  const list = (o: Org, q: LeadListQuery, actor: Actor = o.actor) =>
    withUser(o.owner.claims, (tx) => listLeads({ tx, actor, query: q }), db.db);

  describe("the table: filters, sorting, search", () => {
    let a: Org;
    let c1: string;
    let c2: string;
    let ids: Record<string, string>;

    beforeAll(async () => {
      a = await org();
      c1 = await campaign(a.orgId, "Spring");
      c2 = await campaign(a.orgId, "Autumn");
      const rows: (SeedLead & { key: string; campaign: string })[] = [
        {
          key: "ada",
          campaign: c1,
          phone: "+14155550101",
          first_name: "Ada",
          last_name: "Lovelace",
          company: "Analytical Engines",
          email: "ada@engines.example",
          timezone: "America/Los_Angeles",
          timezone_source: "inferred",
          consent: true,
          consent_source: "web form",
          status: "pending",
          attempts: 0,
          created_at: "2026-01-01T10:00:00Z",
        },
        {
          key: "grace",
          campaign: c1,
          phone: "+12125550102",
          first_name: "Grace",
          last_name: "Hopper",
          company: "Navy",
          email: "grace@navy.example",
          timezone: "America/New_York",
          timezone_source: "column",
          consent: false,
          status: "no_answer",
          attempts: 2,
          last_called_at: "2026-01-05T15:00:00Z",
          created_at: "2026-01-02T10:00:00Z",
        },
        {
          key: "alan",
          campaign: c2,
          phone: "+447700900103",
          first_name: "Alan",
          last_name: "Turing",
          company: null,
          email: "alan@bletchley.example",
          timezone: "Europe/London",
          timezone_source: "inferred",
          consent: null,
          status: "booked",
          attempts: 1,
          last_called_at: "2026-01-06T15:00:00Z",
          created_at: "2026-01-03T10:00:00Z",
        },
        {
          key: "edsger",
          campaign: c2,
          phone: "+13125550104",
          first_name: "Edsger",
          last_name: "Dijkstra",
          company: "Eindhoven 100% Labs",
          email: null,
          timezone: "America/Chicago",
          timezone_source: "default",
          timezone_candidates: ["America/Chicago", "America/Denver"],
          consent: null,
          status: "callback",
          attempts: 5,
          created_at: "2026-01-04T10:00:00Z",
        },
        {
          key: "nameless",
          campaign: c1,
          phone: "+14155550105",
          first_name: null,
          last_name: null,
          company: "Zeta Corp",
          email: null,
          timezone: "America/Los_Angeles",
          timezone_source: "inferred",
          consent: true,
          status: "pending",
          attempts: 3,
          created_at: "2026-01-05T10:00:00Z",
        },
      ];
      ids = {};
      for (const campaignId of [c1, c2]) {
        const mine = rows.filter((r) => r.campaign === campaignId);
        const got = await insertLeads(
          a.orgId,
          campaignId,
          mine.map(({ key: _key, campaign: _campaign, ...lead }) => lead),
        );
        mine.forEach((r, i) => {
          ids[r.key] = got[i] ?? "";
        });
      }
    });

    const keysOf = (rows: { id: string }[]) =>
      rows.map((r) => Object.entries(ids).find(([, id]) => id === r.id)?.[0] ?? "?");

    it("lists newest first by default, with an exact count under the cap", async () => {
      const result = await list(a, query());
      expect(keysOf(result.rows)).toEqual(["nameless", "edsger", "alan", "grace", "ada"]);
      expect(result).toMatchObject({ total: 5, capped: false, hasAnyLead: true, page: 1 });
      const ada = result.rows.find((r) => r.id === ids.ada);
      expect(ada).toMatchObject({
        phone: "+14155550101",
        firstName: "Ada",
        timezone: "America/Los_Angeles",
        timezoneSource: "inferred",
        consent: true,
        consentSource: "web form",
        campaignId: c1,
      });
    });

    it.each<[string, LeadFilter, string[]]>([
      ["campaign", { campaignId: "" }, ["nameless", "grace", "ada"]],
      ["several statuses", { statuses: ["no_answer", "booked"] }, ["alan", "grace"]],
      ["time zone", { timezone: "America/Los_Angeles" }, ["nameless", "ada"]],
      ["attempts from", { attemptsMin: 2 }, ["nameless", "edsger", "grace"]],
      ["attempts up to", { attemptsMax: 1 }, ["alan", "ada"]],
      ["attempts between", { attemptsMin: 1, attemptsMax: 3 }, ["nameless", "alan", "grace"]],
      ["consent given", { consent: "yes" }, ["nameless", "ada"]],
      ["consent refused", { consent: "no" }, ["grace"]],
      ["consent unknown", { consent: "unknown" }, ["edsger", "alan"]],
      ["combined", { campaignId: "", statuses: ["pending"], consent: "yes", attemptsMin: 1 }, ["nameless"]],
    ])("filters by %s", async (_label, filter, expected) => {
      const f = filter.campaignId === "" ? { ...filter, campaignId: c1 } : filter;
      const result = await list(a, query(f));
      expect(keysOf(result.rows)).toEqual(expected);
      expect(result.total).toBe(expected.length);
    });

    it.each<[string, string[]]>([
      ["lovelace", ["ada"]],
      ["GRACE", ["grace"]],
      ["analytical", ["ada"]],
      ["bletchley.example", ["alan"]],
      ["100%", ["edsger"]],
      ["%", ["edsger"]],
      ["4155550", ["nameless", "ada"]],
      ["(415) 555-0101", ["ada"]],
      ["+44 7700 900103", ["alan"]],
      ["212-555", ["grace"]],
      ["nobody-matches-this", []],
    ])("searches name, company, email and phone: %s", async (q, expected) => {
      const result = await list(a, query({ q }));
      expect(keysOf(result.rows)).toEqual(expected);
    });

    it.each<[LeadSort, "asc" | "desc", string[]]>([
      ["created", "asc", ["ada", "grace", "alan", "edsger", "nameless"]],
      ["name", "asc", ["edsger", "grace", "ada", "alan", "nameless"]],
      ["name", "desc", ["nameless", "alan", "ada", "grace", "edsger"]],
      ["company", "asc", ["ada", "edsger", "grace", "nameless", "alan"]],
      ["company", "desc", ["alan", "nameless", "grace", "edsger", "ada"]],
      ["status", "asc", ["nameless", "ada", "alan", "edsger", "grace"]],
      ["status", "desc", ["grace", "edsger", "alan", "ada", "nameless"]],
      ["attempts", "desc", ["edsger", "nameless", "grace", "alan", "ada"]],
      ["lastCalled", "desc", ["alan", "grace"]],
      ["timezone", "asc", ["edsger"]],
      ["timezone", "desc", ["alan", "grace"]],
    ])("sorts by %s %s", async (sort, dir, expectedPrefix) => {
      const result = await list(a, query({}, { sort, dir }));
      expect(keysOf(result.rows).slice(0, expectedPrefix.length)).toEqual(expectedPrefix);
      expect(result.rows).toHaveLength(5);
    });

    it("counts a lead never called as the oldest call", async () => {
      const desc = keysOf((await list(a, query({}, { sort: "lastCalled", dir: "desc" }))).rows);
      expect(desc.slice(2).sort()).toEqual(["ada", "edsger", "nameless"]);
      const asc = keysOf((await list(a, query({}, { sort: "lastCalled", dir: "asc" }))).rows);
      expect(asc.slice(0, 3).sort()).toEqual(["ada", "edsger", "nameless"]);
      expect(asc.slice(3)).toEqual(["grace", "alan"]);
    });

    it("says when filters match nothing but the organization has leads", async () => {
      const result = await list(a, query({ q: "zzzz-none" }));
      expect(result).toMatchObject({ total: 0, hasAnyLead: true, rows: [] });
      const empty = await org();
      expect(await list(empty, query())).toMatchObject({ total: 0, hasAnyLead: false });
      expect(await list(empty, query({ consent: "yes" }))).toMatchObject({ total: 0, hasAnyLead: false });
    });
  });

  describe("large sets: capped count, pages, exact count on demand", () => {
    let a: Org;
    let c1: string;
    beforeAll(async () => {
      a = await org();
      c1 = await campaign(a.orgId);
      await seedMany(a.orgId, c1, LEAD_COUNT_CAP + 50, "555");
    });

    it("stops counting at the cap and says so", async () => {
      const result = await list(a, query());
      expect(result).toMatchObject({ total: LEAD_COUNT_CAP, capped: true });
      expect(result.rows).toHaveLength(50);
    });

    it("narrows a rare search or status through the index, and falls back to scanning a common one", async () => {
      const rare = await list(a, query({ q: "gen1" }));
      // Gen1, Gen10–19, Gen100–199, Gen1000–1999, Gen10000–10050.
      expect(rare).toMatchObject({ total: 1 + 10 + 100 + 1000 + 51, capped: false });
      expect(rare.rows.every((r) => r.firstName?.startsWith("Gen1"))).toBe(true);
      const common = await list(a, query({ q: "seed" }));
      expect(common).toMatchObject({ total: LEAD_COUNT_CAP, capped: true });
      expect(common.rows).toHaveLength(50);
      const both = await list(a, query({ q: "seed", attemptsMin: 3 }));
      expect(both).toMatchObject({ total: Math.floor((LEAD_COUNT_CAP + 50) / 4), capped: false });

      await db.query(
        `update public.leads set status = 'failed' where org_id = $1 and phone in ('+15550000007', '+15550000070')`,
        [a.orgId],
      );
      const failed = await list(a, query({ statuses: ["failed"] }));
      expect(failed.rows.map((r) => r.phone).sort()).toEqual(["+15550000007", "+15550000070"]);
      expect(failed.total).toBe(2);
      const pending = await list(a, query({ statuses: ["pending", "failed"] }));
      expect(pending).toMatchObject({ total: LEAD_COUNT_CAP, capped: true });
      const rareBoth = await list(a, query({ statuses: ["failed"], q: "seed70" }));
      expect(rareBoth.rows.map((r) => r.phone)).toEqual(["+15550000070"]);
    });

    it("counts exactly under the cap", async () => {
      const result = await list(a, query({ attemptsMin: 3 }));
      expect(result.capped).toBe(false);
      expect(result.total).toBe(Math.floor((LEAD_COUNT_CAP + 50) / 4));
    });

    it("pages without overlap and clamps a page past the end", async () => {
      const p1 = await list(a, query({}, { page: 1 }));
      const p2 = await list(a, query({}, { page: 2 }));
      expect(p2.page).toBe(2);
      const overlap = p1.rows.filter((r) => p2.rows.some((s) => s.id === r.id));
      expect(overlap).toEqual([]);
      expect(p1.rows[49]?.createdAt.getTime()).toBeGreaterThan(p2.rows[0]?.createdAt.getTime() ?? Infinity);
      const past = await list(a, query({ q: "bulk co 3" }, { page: 9999 }));
      expect(past.capped).toBe(false);
      expect(past.page).toBe(Math.ceil(past.total / 50));
      expect(past.rows.length).toBeGreaterThan(0);
    });

    it("counts every match when asked", async () => {
      const result = await withUser(
        a.owner.claims,
        (tx) => countMatchingLeads({ tx, actor: a.actor, filter: {} }),
        db.db,
      );
      expect(result.count).toBe(LEAD_COUNT_CAP + 50);
    });
  });

  describe("bulk actions", () => {
    const as = <T>(o: Org, fn: (tx: Parameters<Parameters<typeof withUser>[1]>[0]) => Promise<T>) =>
      withUser(o.owner.claims, fn, db.db);

    it("moves a selection and everything matching a filter to the trash, and nothing else", async () => {
      const a = await org();
      const c1 = await campaign(a.orgId);
      const ids = await insertLeads(a.orgId, c1, [
        { phone: "+15550000001" },
        { phone: "+15550000002" },
        { phone: "+15550000003", status: "booked" },
        { phone: "+15550000004", status: "booked" },
        { phone: "+15550000005" },
      ]);
      const bySelection = await as(a, (tx) =>
        deleteLeads({
          tx,
          actor: a.actor,
          selection: { mode: "ids", ids: [ids[0] ?? "", ids[1] ?? ""] },
          now: NOW,
        }),
      );
      expect(bySelection).toEqual({ deleted: 2 });
      const byFilter = await as(a, (tx) =>
        deleteLeads({
          tx,
          actor: a.actor,
          selection: { mode: "filter", filter: { statuses: ["booked"] } },
          now: NOW,
        }),
      );
      expect(byFilter).toEqual({ deleted: 2 });
      const live = await readLeads("org_id = $1 and deleted_at is null", [a.orgId]);
      expect(live.map((l) => l.phone)).toEqual(["+15550000005"]);
      // Nothing is removed: the four wait in the trash.
      expect(await readLeads("org_id = $1 and deleted_at is not null", [a.orgId])).toHaveLength(4);
    });

    it("resets to pending, skipping do-not-call numbers and leads in a call, and writes history", async () => {
      const a = await org();
      const c1 = await campaign(a.orgId);
      const ids = await insertLeads(a.orgId, c1, [
        { phone: "+15550000011", status: "no_answer", attempts: 3, next_attempt_at: "2026-02-01T00:00:00Z" },
        { phone: "+15550000012", status: "voicemail", attempts: 2 },
        { phone: "+15550000013", status: "calling", attempts: 1 },
        { phone: "+15550000014", status: "no_answer", attempts: 1 },
        { phone: "+15550000015", status: "booked", attempts: 4, company: "Keep Co" },
      ]);
      await db.query(
        `insert into public.do_not_call (org_id, phone, source) values ($1, '+15550000014', 'manual')`,
        [a.orgId],
      );
      const selection: LeadSelection = { mode: "ids", ids: ids.slice(0, 4) };
      const result = await as(a, (tx) => resetLeads({ tx, actor: a.actor, selection }));
      expect(result).toEqual({
        matched: 4,
        reset: 2,
        skippedDoNotCall: 1,
        skippedInCall: 1,
        skippedBooked: 0,
      });
      const rows = await readLeads("org_id = $1", [a.orgId]);
      expect(rows.map((r) => [r.phone, r.status, r.attempts, r.next_attempt_at])).toEqual([
        ["+15550000011", "pending", 0, null],
        ["+15550000012", "pending", 0, null],
        ["+15550000013", "calling", 1, null],
        ["+15550000014", "do_not_call", 1, null],
        ["+15550000015", "booked", 4, null],
      ]);
      const history = await db.query<{
        lead_id: string;
        from_status: string;
        to_status: string;
        actor_id: string;
      }>(
        `select lead_id, from_status::text, to_status::text, actor_id from public.lead_events
         where org_id = $1 and type = 'status_changed' and to_status = 'pending' order by from_status`,
        [a.orgId],
      );
      expect(history).toEqual([
        { lead_id: ids[0], from_status: "no_answer", to_status: "pending", actor_id: a.owner.id },
        { lead_id: ids[1], from_status: "voicemail", to_status: "pending", actor_id: a.owner.id },
      ]);

      // A lead that booked is never re-dialed by a reset it was merely selected in…
      const keepCo: LeadSelection = { mode: "filter", filter: { q: "keep co" } };
      const byFilter = await as(a, (tx) => resetLeads({ tx, actor: a.actor, selection: keepCo }));
      expect(byFilter).toMatchObject({ matched: 1, reset: 0, skippedBooked: 1 });
      const [stillBooked] = await readLeads("id = $1", [ids[4]]);
      expect([stillBooked?.status, stillBooked?.attempts]).toEqual(["booked", 4]);
      // …only when the user includes booked leads explicitly.
      const included = await as(a, (tx) =>
        resetLeads({ tx, actor: a.actor, selection: keepCo, includeBooked: true }),
      );
      expect(included).toMatchObject({ matched: 1, reset: 1, skippedBooked: 0 });
      const [kept] = await readLeads("id = $1", [ids[4]]);
      expect([kept?.status, kept?.attempts]).toEqual(["pending", 0]);
    });

    it("previews a reset with what happens to booked, do-not-call, callback and in-call leads", async () => {
      const a = await org();
      const c1 = await campaign(a.orgId);
      const ids = await insertLeads(a.orgId, c1, [
        { phone: "+15550000021", status: "no_answer", attempts: 2 },
        { phone: "+15550000022", status: "booked", attempts: 1 },
        { phone: "+15550000023", status: "callback", attempts: 1, next_attempt_at: "2026-02-01T00:00:00Z" },
        { phone: "+15550000024", status: "queued", attempts: 1 },
        { phone: "+15550000025", status: "do_not_call", attempts: 1 },
        { phone: "+15550000026", status: "pending", attempts: 0 },
      ]);
      await db.query(
        `insert into public.do_not_call (org_id, phone, source) values ($1, '+15550000026', 'manual')`,
        [a.orgId],
      );
      const selection: LeadSelection = { mode: "ids", ids };
      const preview = await as(a, (tx) =>
        previewReset({ tx, actor: a.actor, input: { selection, includeBooked: false } }),
      );
      expect(preview).toEqual({ matched: 6, willReset: 2, booked: 1, doNotCall: 2, callback: 1, inCall: 1 });
      const withBooked = await as(a, (tx) =>
        previewReset({ tx, actor: a.actor, input: { selection, includeBooked: true } }),
      );
      expect(withBooked.willReset).toBe(3);
      // The preview is what the reset then does.
      const result = await as(a, (tx) => resetLeads({ tx, actor: a.actor, selection }));
      expect(result).toMatchObject({
        reset: preview.willReset,
        skippedBooked: 1,
        skippedDoNotCall: 2,
        skippedInCall: 1,
      });
      const rows = await readLeads("org_id = $1", [a.orgId]);
      expect(rows.map((r) => [r.phone, r.status, r.attempts])).toEqual([
        ["+15550000021", "pending", 0],
        ["+15550000022", "booked", 1],
        ["+15550000023", "pending", 0],
        ["+15550000024", "queued", 1],
        ["+15550000025", "do_not_call", 1],
        // Listing the number marked its lead do-not-call; the reset leaves it so.
        ["+15550000026", "do_not_call", 0],
      ]);
    });

    it("moves to another campaign, skipping and counting numbers the target already has", async () => {
      const a = await org();
      const from = await campaign(a.orgId, "From");
      const other = await campaign(a.orgId, "Other");
      const to = await campaign(a.orgId, "To");
      const fromIds = await insertLeads(a.orgId, from, [
        { phone: "+15550000021" },
        { phone: "+15550000022" },
        { phone: "+15550000023" },
        { phone: "+15550000024", status: "booked" },
      ]);
      const [otherDup] = await insertLeads(a.orgId, other, [{ phone: "+15550000021" }]);
      const [alreadyInTarget] = await insertLeads(a.orgId, to, [{ phone: "+15550000022" }]);
      const selection: LeadSelection = {
        mode: "ids",
        ids: [...fromIds.slice(0, 3), otherDup ?? "", alreadyInTarget ?? ""],
      };
      const result = await as(a, (tx) =>
        moveLeads({ tx, actor: a.actor, input: { selection, campaignId: to } }),
      );
      // 021 twice in the selection (one moves), 022 already in the target, 023 moves, one already there.
      expect(result).toMatchObject({
        matched: 5,
        moved: 2,
        alreadyThere: 1,
        conflicts: 2,
        campaignName: "To",
      });
      const inTarget = await readLeads("campaign_id = $1", [to]);
      expect(inTarget.map((l) => l.phone)).toEqual(["+15550000021", "+15550000022", "+15550000023"]);
      const events = await db.query<{ n: number }>(
        `select count(*)::int as n from public.lead_events where org_id = $1 and type = 'campaign_changed'
           and data ->> 'to' = $2`,
        [a.orgId, to],
      );
      expect(events[0]?.n).toBe(2);

      const byFilter = await as(a, (tx) =>
        moveLeads({
          tx,
          actor: a.actor,
          input: {
            selection: { mode: "filter", filter: { campaignId: from, statuses: ["booked"] } },
            campaignId: to,
          },
        }),
      );
      expect(byFilter).toMatchObject({ matched: 1, moved: 1, conflicts: 0 });
      expect((await readLeads("id = $1", [fromIds[3]]))[0]?.campaign_id).toBe(to);
    });

    it("refuses to move into a campaign of another organization", async () => {
      const a = await org();
      const b = await org();
      const c1 = await campaign(a.orgId);
      const foreign = await campaign(b.orgId);
      const ids = await insertLeads(a.orgId, c1, [{ phone: "+15550000031" }]);
      const error = await rejection(
        as(a, (tx) =>
          moveLeads({ tx, actor: a.actor, input: { selection: { mode: "ids", ids }, campaignId: foreign } }),
        ),
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("not_found");
      expect((await readLeads("id = $1", [ids[0]]))[0]?.campaign_id).toBe(c1);
    });

    it("adds numbers to do-not-call, which marks the leads in every campaign", async () => {
      const a = await org();
      const c1 = await campaign(a.orgId);
      const c2 = await campaign(a.orgId);
      const ids = await insertLeads(a.orgId, c1, [
        { phone: "+15550000041", status: "pending" },
        { phone: "+15550000042", status: "no_answer", next_attempt_at: "2026-03-01T00:00:00Z" },
        { phone: "+15550000043", status: "pending", company: "Opt Out Inc" },
        { phone: "+15550000044", status: "pending" },
      ]);
      await insertLeads(a.orgId, c2, [{ phone: "+15550000041" }, { phone: "+15550000043" }]);
      await db.query(
        `insert into public.do_not_call (org_id, phone, source, reason) values ($1, '+15550000042', 'import', 'old')`,
        [a.orgId],
      );
      const result = await as(a, (tx) =>
        addLeadsToDoNotCall({
          tx,
          actor: a.actor,
          input: { selection: { mode: "ids", ids: ids.slice(0, 2) }, reason: "Asked on the phone" },
        }),
      );
      expect(result).toEqual({ phones: 2, added: 1, alreadyListed: 1 });
      const list41 = await db.query<{ source: string; reason: string; added_by: string }>(
        `select source::text, reason, added_by from public.do_not_call where org_id = $1 and phone = '+15550000041'`,
        [a.orgId],
      );
      expect(list41).toEqual([{ source: "manual", reason: "Asked on the phone", added_by: a.owner.id }]);
      const marked = await readLeads("org_id = $1 and phone = '+15550000041'", [a.orgId]);
      expect(marked.map((l) => l.status)).toEqual(["do_not_call", "do_not_call"]);

      const byFilter = await as(a, (tx) =>
        addLeadsToDoNotCall({
          tx,
          actor: a.actor,
          input: { selection: { mode: "filter", filter: { q: "opt out" } }, reason: "Company-wide opt-out" },
        }),
      );
      expect(byFilter).toEqual({ phones: 1, added: 1, alreadyListed: 0 });
      const all43 = await readLeads("org_id = $1 and phone = '+15550000043'", [a.orgId]);
      expect(all43.map((l) => l.status)).toEqual(["do_not_call", "do_not_call"]);
      expect((await readLeads("id = $1", [ids[3]]))[0]?.status).toBe("pending");
    });
  });

  describe("the lead page", () => {
    const values = (over: Partial<LeadFormValues> = {}): LeadFormValues => ({
      firstName: "Ada",
      lastName: "King",
      company: "Engines Ltd",
      email: "ada@example.test",
      timezone: "America/Chicago",
      consent: "unknown",
      consentSource: "",
      consentDate: "",
      customFields: [],
      ...over,
    });

    it("updates fields, marks a hand-picked zone, records consent and custom fields", async () => {
      const a = await org();
      const c1 = await campaign(a.orgId);
      const [id] = await insertLeads(a.orgId, c1, [
        {
          phone: "+13125550001",
          first_name: "Ada",
          timezone: "America/Chicago",
          timezone_source: "inferred",
          timezone_candidates: ["America/Chicago", "America/Denver"],
        },
      ]);
      const leadId = id ?? "";
      const as = <T>(fn: (tx: Parameters<Parameters<typeof withUser>[1]>[0]) => Promise<T>) =>
        withUser(a.owner.claims, fn, db.db);

      // Same zone: its source and candidates stay as inferred.
      await as((tx) => updateLead({ tx, actor: a.actor, input: { leadId, values: values() } }));
      let [row] = await readLeads("id = $1", [leadId]);
      expect(row).toMatchObject({
        first_name: "Ada",
        email: "ada@example.test",
        timezone_source: "inferred",
        timezone_candidates: ["America/Chicago", "America/Denver"],
        consent: null,
      });

      await as((tx) =>
        updateLead({
          tx,
          actor: a.actor,
          input: {
            leadId,
            values: values({
              firstName: "",
              timezone: "America/Denver",
              consent: "given",
              consentSource: "Signed form",
              consentDate: "2026-01-15",
              customFields: [
                { key: "plan", value: "gold" },
                { key: "seats", value: "12" },
              ],
            }),
          },
        }),
      );
      [row] = await readLeads("id = $1", [leadId]);
      expect(row).toMatchObject({
        first_name: null,
        timezone: "America/Denver",
        timezone_source: "column",
        timezone_candidates: null,
        consent: true,
        consent_source: "Signed form",
        custom_fields: { plan: "gold", seats: "12" },
      });
      expect(row?.consent_at?.toISOString()).toBe("2026-01-15T12:00:00.000Z");

      // Unknown consent clears its source and date.
      await as((tx) =>
        updateLead({ tx, actor: a.actor, input: { leadId, values: values({ consent: "unknown" }) } }),
      );
      [row] = await readLeads("id = $1", [leadId]);
      expect(row).toMatchObject({ consent: null, consent_source: null, consent_at: null });

      const details = await as((tx) => getLeadDetails({ tx, actor: a.actor, leadId }));
      expect(details.lead.id).toBe(leadId);
      expect(details.campaignName).toBe("Campaign");
      expect(details.source).toBeNull();
      expect(details.events.map((e) => [e.type, e.data])).toEqual([
        ["consent_changed", { from: true, to: null, source: null }],
        ["consent_changed", { from: null, to: true, source: "Signed form" }],
      ]);
      expect(details.events[0]?.actorEmail).toBe(a.owner.email);
    });

    it("shows the import a lead came from and its status history", async () => {
      const a = await org();
      const c1 = await campaign(a.orgId);
      const [imp] = await db.query<{ id: string }>(
        `insert into public.lead_imports (org_id, campaign_id, file_name, status) values ($1, $2, 'crm-export.csv', 'completed')
         returning id`,
        [a.orgId, c1],
      );
      const [leadId] = await insertLeads(a.orgId, c1, [{ phone: "+13125550002", status: "no_answer" }]);
      await db.query(`update public.leads set import_id = $1 where id = $2`, [imp?.id, leadId]);
      await withUser(
        a.owner.claims,
        (tx) => resetLeads({ tx, actor: a.actor, selection: { mode: "ids", ids: [leadId ?? ""] } }),
        db.db,
      );
      const details = await withUser(
        a.owner.claims,
        (tx) => getLeadDetails({ tx, actor: a.actor, leadId: leadId ?? "" }),
        db.db,
      );
      expect(details.source?.fileName).toBe("crm-export.csv");
      expect(details.events.map((e) => [e.type, e.fromStatus, e.toStatus])).toEqual([
        ["status_changed", "no_answer", "pending"],
      ]);
    });

    it("is not found for a lead that does not exist", async () => {
      const a = await org();
      const error = await rejection(
        withUser(
          a.owner.claims,
          (tx) => getLeadDetails({ tx, actor: a.actor, leadId: "00000000-0000-4000-8000-000000000000" }),
          db.db,
        ),
      );
      expect((error as AppError).code).toBe("not_found");
    });
  });

  describe("row-level security", () => {
    let a: Org;
    let b: Org;
    let aIds: string[];
    let aCampaign: string;
    let bCampaign: string;

    beforeAll(async () => {
      a = await org();
      b = await org();
      aCampaign = await campaign(a.orgId);
      bCampaign = await campaign(b.orgId);
      aIds = await insertLeads(a.orgId, aCampaign, [
        { phone: "+15550000091", first_name: "Secret", status: "no_answer", attempts: 2 },
        { phone: "+15550000092", first_name: "Secret", status: "booked" },
      ]);
      await insertLeads(b.orgId, bCampaign, [{ phone: "+15550000093", first_name: "Bee" }]);
    });

    /** Org B's user, once honest (its own org) and once claiming org A's id. */
    const actors = () => [b.actor, { ...b.actor, orgId: a.orgId }];
    const asB = <T>(fn: (tx: Parameters<Parameters<typeof withUser>[1]>[0]) => Promise<T>) =>
      withUser(b.owner.claims, fn, db.db);

    it("org B never sees org A's leads", async () => {
      for (const actor of actors()) {
        const result = await list(b, query({ q: "secret" }), actor);
        expect(result.rows).toEqual([]);
        const error = await rejection(asB((tx) => getLeadDetails({ tx, actor, leadId: aIds[0] ?? "" })));
        expect((error as AppError).code).toBe("not_found");
      }
      const own = await list(b, query());
      expect(own.rows.map((r) => r.firstName)).toEqual(["Bee"]);
    });

    it("the index helper answers only for the caller's own organizations", async () => {
      const probe = (user: TestUser, orgId: string) =>
        withUser(
          user.claims,
          async (tx) =>
            rowsOf<{ n: number }>(
              await tx.execute(
                sql`select count(*)::int as n from private.lead_ids_page(${orgId}::uuid, '%secret%', null, null, null,
                  null, null, null, null, null, 100, 0, false)`,
              ),
            )[0]?.n,
          db.db,
        );
      expect(await probe(a.owner, a.orgId)).toBe(2);
      expect(await probe(b.owner, a.orgId)).toBe(0);
    });

    it("org B's bulk actions change none of org A's leads, even by id", async () => {
      const byIds: LeadSelection = { mode: "ids", ids: aIds };
      for (const actor of actors()) {
        expect(await asB((tx) => deleteLeads({ tx, actor, selection: byIds, now: NOW }))).toEqual({
          deleted: 0,
        });
        expect(await asB((tx) => resetLeads({ tx, actor, selection: byIds }))).toMatchObject({
          matched: 0,
          reset: 0,
        });
        expect(
          await asB((tx) =>
            addLeadsToDoNotCall({ tx, actor, input: { selection: byIds, reason: "forged" } }),
          ),
        ).toEqual({ phones: 0, added: 0, alreadyListed: 0 });
        expect(
          await asB((tx) =>
            deleteLeads({ tx, actor, selection: { mode: "filter", filter: { q: "secret" } }, now: NOW }),
          ),
        ).toEqual({ deleted: 0 });
      }
      expect(
        await asB((tx) =>
          moveLeads({ tx, actor: b.actor, input: { selection: byIds, campaignId: bCampaign } }),
        ),
      ).toMatchObject({ matched: 0, moved: 0 });
      const error = await rejection(
        asB((tx) =>
          updateLead({
            tx,
            actor: b.actor,
            input: {
              leadId: aIds[0] ?? "",
              values: {
                firstName: "Hacked",
                lastName: "",
                company: "",
                email: "",
                timezone: "UTC",
                consent: "unknown",
                consentSource: "",
                consentDate: "",
                customFields: [],
              },
            },
          }),
        ),
      );
      expect((error as AppError).code).toBe("not_found");

      const rows = await readLeads("org_id = $1", [a.orgId]);
      expect(rows.map((r) => [r.first_name, r.status, r.attempts, r.campaign_id])).toEqual([
        ["Secret", "no_answer", 2, aCampaign],
        ["Secret", "booked", 0, aCampaign],
      ]);
      const dnc = await db.query(`select 1 from public.do_not_call where phone like '+1555000009%'`);
      expect(dnc).toEqual([]);
    });
  });
});
