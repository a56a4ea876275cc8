import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityQuerySchema } from "@/lib/activity/kinds";
import { rowsOf, type Tx } from "@/lib/db/client";
import { listUnfinishedImports } from "@/lib/db/queries/lead-imports";
import { countLeadsByStatus, leadSearchPattern, listLeadsPage } from "@/lib/db/queries/leads";
import { withUser } from "@/lib/db/with-user";
import {
  LEAD_COUNT_CAP,
  LEAD_PAGE_SIZE,
  LEAD_SORTS,
  type LeadFilter,
  type LeadSort,
  parseLeadSearchParams,
  type SortDir,
} from "@/lib/schemas/lead";
import { LIST_COUNT_CAP } from "@/lib/schemas/list";
import { reviewListQuerySchema } from "@/lib/schemas/review";
import { listActivity } from "@/lib/services/activity/list-activity";
import { appointmentListQuerySchema, listAppointments } from "@/lib/services/appointments/list-appointments";
import { listAuditLog } from "@/lib/services/audit/list-audit-log";
import { exportCallsCsv } from "@/lib/services/calls/export-calls";
import { type CallListQuery, callListQuerySchema, listCalls } from "@/lib/services/calls/list-calls";
import { getCampaignPage } from "@/lib/services/campaigns/get-campaign-page";
import { listDoNotCallPage } from "@/lib/services/do-not-call/list-do-not-call";
import { emailListQuerySchema, listEmails } from "@/lib/services/email/list-emails";
import { getLeadDetails } from "@/lib/services/leads/get-lead-details";
import { listLeads } from "@/lib/services/leads/list-leads";
import { listTrashedLeads } from "@/lib/services/leads/list-trashed-leads";
import { getChangeMarker } from "@/lib/services/live/get-change-marker";
import type { Actor } from "@/lib/services/organizations/roles";
import { listReviewQueue } from "@/lib/services/reviews/list-review-queue";
import { createOrgWithMembers, type TestUser } from "../helpers/fixtures";
import { seedOrgAtScale } from "../helpers/seed-at-scale";
import { type LoggedStatement, rebound, statementLog } from "../helpers/statement-log";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

/*
 * Every list page's queries, planned at a realistic size: 100,000 leads (1,000 in the trash), a call
 * for each, 5,000 appointments, 13,500 emails, 5,000 do-not-call entries and audit entries in one
 * organization (plus a small second organization), seeded once with generate_series and analyzed. Each test runs the service
 * the page calls, as a signed-in member under RLS (`withUser`), records the statements it sends,
 * and runs them again under EXPLAIN (FORMAT JSON) with the same parameters and role. A page must
 * walk its list's index in the ORDER BY's order: an Index Scan on that index and no Sort anywhere
 * (a Sort would read and order every matching row first, the 1.8 s the calls page spent at a
 * million calls). A count must stop at the cap: a Limit under its Aggregate. No timings.
 */

const NOW = new Date("2026-12-02T17:00:00Z"); // a Wednesday, noon in New York
const LEADS = 100_000;

type PlanNode = {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  "Scan Direction"?: string;
  "Temp Written Blocks"?: number;
  "Index Cond"?: string;
  Filter?: string;
  "Plan Rows"?: number;
  Plans?: PlanNode[];
};

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}

const isQuery = (s: LoggedStatement) => /^\s*(select|with)\b/i.test(s.sql) && !s.sql.includes("set_config(");

describe.each(testDbKinds())("list query plans at %s", (kind) => {
  const log = statementLog();
  let db: TestDb;
  let owner: TestUser;
  let actor: Actor;
  let campaignId: string;
  let leadId: string;

  beforeAll(async () => {
    db = await createTestDb(kind, { logger: log.logger });
    const org = await createOrgWithMembers(db, { members: { owner: "owner" } });
    const other = await createOrgWithMembers(db, { members: { owner: "owner" } });
    owner = org.members.owner;
    actor = { userId: owner.id, email: owner.email, orgId: org.orgId, role: "owner" };
    await seedOrgAtScale(db, { orgId: other.orgId, leads: 1_000, now: NOW });
    const { campaignIds } = await seedOrgAtScale(db, { orgId: org.orgId, leads: LEADS, now: NOW });
    campaignId = campaignIds[0] ?? "";
    const [lead] = await db.query<{ id: string }>(
      "select lead_id::text as id from public.appointments where org_id = $1 limit 1",
      [org.orgId],
    );
    leadId = lead?.id ?? "";
    // Seeding 100,000 leads with their calls (transcripts into the GIN index too), emails and
    // history into PGlite, single-threaded WebAssembly, takes minutes on a busy two-core machine.
  }, 600_000);
  afterAll(() => db?.destroy());

  /**
   * Runs `load` as the owner and returns each query it sent with its plan, explained as the same
   * user (`settings`: extra `set local` statements first). `analyze` runs the statements too, for
   * what only execution tells (spills to disk).
   */
  async function plansOf(
    load: (tx: Tx) => Promise<unknown>,
    { analyze = false, settings = [] }: { analyze?: boolean; settings?: string[] } = {},
  ) {
    const { statements } = await log.record(() => withUser(owner.claims, load, db.db));
    return withUser(
      owner.claims,
      async (tx) => {
        for (const setting of settings) await tx.execute(sql.raw(setting));
        const out: { sql: string; nodes: PlanNode[] }[] = [];
        for (const statement of statements.filter(isQuery)) {
          const options = sql.raw(analyze ? "(analyze, buffers, format json)" : "(format json)");
          const [row] = rowsOf<{ "QUERY PLAN": [{ Plan: PlanNode }] | string }>(
            await tx.execute(sql`explain ${options} ${rebound(statement)}`),
          );
          const json = row?.["QUERY PLAN"];
          const plan = typeof json === "string" ? JSON.parse(json) : json;
          out.push({ sql: statement.sql, nodes: flatten(plan[0].Plan) });
        }
        return out;
      },
      db.db,
    );
  }

  /** The two indexes that give a campaign's calls newest first. */
  const CAMPAIGN_CALL_INDEXES = ["calls_campaign_id_created_at_idx", "calls_org_id_created_at_idx"];
  const names = (nodes: PlanNode[]) => nodes.map((n) => n["Node Type"]);
  /** Node types with the index each scan reads: what a failed plan assertion prints. */
  const described = (nodes: PlanNode[]) =>
    nodes
      .map((n) => (n["Index Name"] ? `${n["Node Type"]} (${n["Index Name"]})` : n["Node Type"]))
      .join(" > ");

  /** The page's statement (the one with ORDER BY … LIMIT) walks `index` and sorts nothing. */
  function expectIndexWalk(
    plans: { sql: string; nodes: PlanNode[] }[],
    index: string | string[],
    direction?: string,
  ) {
    const indexes = Array.isArray(index) ? index : [index];
    const page = plans.find((p) => /order by/i.test(p.sql) && /limit/i.test(p.sql));
    expect(page, "the list's page query").toBeDefined();
    const nodes = page?.nodes ?? [];
    const walk = nodes.find(
      (n) => /Index (Only )?Scan/.test(n["Node Type"]) && indexes.includes(n["Index Name"] ?? ""),
    );
    expect(walk, `an Index Scan on ${indexes.join(" or ")} in ${described(nodes)}`).toBeDefined();
    if (direction) expect(walk?.["Scan Direction"]).toBe(direction);
    expect(names(nodes).filter((n) => n.includes("Sort"))).toEqual([]);
  }

  /** The count statement reads at most cap + 1 rows. */
  function expectCappedCount(plans: { sql: string; nodes: PlanNode[] }[]) {
    const counts = plans.filter((p) => /^select count\(\*\)/i.test(p.sql));
    expect(counts.length).toBeGreaterThan(0);
    for (const c of counts) {
      expect(c.nodes[0]?.["Node Type"]).toBe("Aggregate");
      expect(names(c.nodes)).toContain("Limit");
      expect(c.sql).toMatch(/limit \$\d+/i);
      expect(names(c.nodes).filter((n) => n.includes("Sort"))).toEqual([]);
    }
  }

  it("calls: newest first off calls_org_id_created_at_idx, counted up to the cap", async () => {
    const load = (tx: Tx) => listCalls({ tx, actor, query: callListQuerySchema.parse({}) });
    const result = await withUser(owner.claims, load, db.db);
    expect(result).toMatchObject({ total: LIST_COUNT_CAP, capped: true, page: 1 });
    expect(result.rows).toHaveLength(25);
    const plans = await plansOf(load);
    expectIndexWalk(plans, "calls_org_id_created_at_idx");
    expectCappedCount(plans);
  });

  it("calls, page 40: still the index, not a sort of every call", async () => {
    const plans = await plansOf((tx) =>
      listCalls({ tx, actor, query: callListQuerySchema.parse({ page: 40 }) }),
    );
    expectIndexWalk(plans, "calls_org_id_created_at_idx");
  });

  it("a campaign's calls newest first off an index, a lead's off calls_lead_id_created_at_idx", async () => {
    const ofCampaign = await plansOf((tx) =>
      listCalls({ tx, actor, query: { page: 1, pageSize: 10, campaignId } }),
    );
    // Either newest-first index serves a campaign's page without a sort: the seed's campaigns each
    // hold a quarter of the organization's calls, so walking the organization's index and skipping
    // the other campaigns' calls costs about the same, and the planner may pick either. A small
    // campaign gets its own index (its statistics make the organization's walk long).
    expectIndexWalk(ofCampaign, CAMPAIGN_CALL_INDEXES);
    expectCappedCount(ofCampaign);
    const ofLead = await plansOf((tx) => listCalls({ tx, actor, query: { page: 1, pageSize: 20, leadId } }));
    expectIndexWalk(ofLead, "calls_lead_id_created_at_idx");
  });

  // The calls log's filters (issue 15; docs/decisions/0015-calls-log-live.md).
  const callsLog = (query: Partial<CallListQuery>) => (tx: Tx) =>
    listCalls({ tx, actor, query: { page: 1, pageSize: 25, zone: "America/New_York", ...query } });
  const scansOf = (plans: { nodes: PlanNode[] }[], relation: string) =>
    plans
      .flatMap((p) => p.nodes)
      .filter((n) => n["Node Type"] === "Seq Scan" && n["Relation Name"] === relation);
  const pageOf = (plans: { sql: string; nodes: PlanNode[] }[]) =>
    plans.find((p) => /order by/i.test(p.sql) && /limit/i.test(p.sql));

  it("calls log, a date range: bounds on calls_org_id_created_at_idx (and the campaign's index with a campaign)", async () => {
    const range = { from: "2026-11-28", to: "2026-11-30" };
    const plans = await plansOf(callsLog(range));
    expectIndexWalk(plans, "calls_org_id_created_at_idx");
    expectCappedCount(plans);
    // The page's walk starts and stops at the range's bounds. (The count may read the calls in a
    // scan instead where the range holds a large share of them, as here; it stops at the cap.)
    const pageWalk = pageOf(plans)?.nodes.find((n) => n["Index Name"] === "calls_org_id_created_at_idx");
    expect(pageWalk?.["Index Cond"]).toMatch(/created_at >=.*created_at </);
    // With a campaign too, either newest-first index serves the page (here a campaign holds a
    // quarter of the calls, interleaved, so the planner may walk the organization's and filter):
    // bounded by the range, nothing sorted.
    const ofCampaign = pageOf(await plansOf(callsLog({ ...range, campaignId }))) ?? { nodes: [] };
    const walk = ofCampaign.nodes.find((n) =>
      /^calls_(org|campaign)_id_created_at_idx$/.test(n["Index Name"] ?? ""),
    );
    expect(walk?.["Index Cond"], names(ofCampaign.nodes).join(" > ")).toMatch(/created_at >=.*created_at </);
    expect(names(ofCampaign.nodes).filter((n) => n.includes("Sort"))).toEqual([]);
  });

  it("calls log, result, outcome, provider and duration: checked on the rows the page's walk meets (no index of their own, by design)", async () => {
    for (const query of [
      { result: "voicemail" as const },
      { outcome: "unknown" as const },
      { provider: "simulator" as const },
      { minSeconds: 120, maxSeconds: 299 },
      { result: "answered" as const, minSeconds: 60, from: "2026-11-25" },
    ]) {
      const plans = await plansOf(callsLog(query));
      expectIndexWalk(plans, "calls_org_id_created_at_idx");
      // The count reads until the cap: through the index or, where a tenth of the calls match,
      // a scan the planner prefers; either way it stops at 10,001 rows.
      expectCappedCount(plans);
    }
  });

  it("calls log, a search for a rare word: its calls found on calls_search_idx, then read by id under RLS", async () => {
    const load = callsLog({ q: "zanzibar" });
    const result = await withUser(owner.claims, load, db.db);
    expect(result.total).toBeGreaterThan(0);
    expect(result.total).toBeLessThan(100);
    const plans = await plansOf(load);
    expect(plans.map((p) => p.sql.match(/call_ids_matching|count\(\*\)|order by/i)?.[0])).toEqual([
      "call_ids_matching",
      "count(*)",
      "order by",
    ]);
    for (const p of plans.slice(1)) {
      expect(
        p.nodes.some((n) => n["Index Name"] === "calls_pkey"),
        names(p.nodes).join(" > "),
      ).toBe(true);
    }
    expect(scansOf(plans, "calls")).toEqual([]);
    // The lookup inside private.call_ids_matching, planned as the function runs it (its owner, no
    // RLS in the way): a bitmap lookup on the GIN index.
    const [row] = await db.query<{ "QUERY PLAN": [{ Plan: PlanNode }] | string }>(
      `explain (format json) select c.id from public.calls c where c.org_id = $1
         and to_tsvector('english'::regconfig, coalesce(c.summary, '') || ' ' || coalesce(c.transcript, ''))
         @@ websearch_to_tsquery('english'::regconfig, 'zanzibar') limit 10001`,
      [actor.orgId],
    );
    const json = row?.["QUERY PLAN"];
    const inner = flatten((typeof json === "string" ? JSON.parse(json) : json)[0].Plan);
    expect(inner.find((n) => n["Node Type"] === "Bitmap Index Scan")?.["Index Name"]).toBe(
      "calls_search_idx",
    );
  });

  it("calls log, a search for a common word: past the cap the page walks calls_org_id_created_at_idx and stops at its rows", async () => {
    // Every transcript says "calling about your account": 40% of the calls match.
    const load = callsLog({ q: "account" });
    expect(await withUser(owner.claims, load, db.db)).toMatchObject({
      total: LIST_COUNT_CAP,
      capped: true,
    });
    const plans = await plansOf(load);
    expect(plans.some((p) => /^select count\(\*\)/i.test(p.sql))).toBe(false);
    expectIndexWalk(plans, "calls_org_id_created_at_idx");
    // Under the cap ("pricing", 8% of the calls) the ids narrow the count and the page; with
    // thousands of ids the planner may read them by id or in one scan, and the page sorts them.
    const pricing = await plansOf(callsLog({ q: "pricing" }));
    expect(pricing.filter((p) => p.sql.includes("string_to_array"))).toHaveLength(2);
  });

  it("calls export: each keyset batch starts where the last stopped on calls_org_id_created_at_idx, nothing sorted", async () => {
    const plans = await plansOf(async (tx) => {
      let chunks = 0;
      for await (const _ of exportCallsCsv({
        tx,
        orgId: actor.orgId,
        filter: {},
        zone: "UTC",
        batchSize: 500,
      }))
        if (++chunks === 3) break; // the header and two batches
    });
    expect(plans).toHaveLength(2);
    for (const p of plans) {
      // Below the batch's Limit nothing is sorted (the joined 500 rows may be, above it).
      const limit = p.nodes.find((n) => n["Node Type"] === "Limit");
      const below = limit ? flatten(limit) : [];
      expect(names(below).filter((n) => n.includes("Sort"))).toEqual([]);
      expect(below.find((n) => n["Index Name"] === "calls_org_id_created_at_idx")).toBeDefined();
    }
    // The second batch's row comparison bounds the walk (an index condition, not a filter).
    const second = plans[1]?.nodes.find((n) => n["Index Name"] === "calls_org_id_created_at_idx");
    expect(second?.["Index Cond"]).toMatch(/ROW\(created_at, id\) </);
  });

  it("the change marker: recent calls off calls_org_id_updated_at_idx and the campaigns off their index", async () => {
    const load = (tx: Tx) => getChangeMarker({ tx, orgId: actor.orgId, query: {}, now: NOW });
    const plans = await plansOf(load);
    expect(plans).toHaveLength(1);
    const nodes = plans[0]?.nodes ?? [];
    expect(
      nodes.some((n) => /Index/.test(n["Node Type"]) && n["Index Name"] === "calls_org_id_updated_at_idx"),
    ).toBe(true);
    expect(scansOf(plans, "calls")).toEqual([]);
    const ofCampaign = await plansOf((tx) =>
      getChangeMarker({ tx, orgId: actor.orgId, query: { campaignId }, now: NOW }),
    );
    expect(scansOf(ofCampaign, "calls")).toEqual([]);
  });

  it("the outbox: newest first off emails_org_id_created_at_idx, counted up to the cap", async () => {
    const load = (tx: Tx) => listEmails({ tx, actor, query: emailListQuerySchema.parse({}) });
    expect(await withUser(owner.claims, load, db.db)).toMatchObject({
      total: LIST_COUNT_CAP,
      capped: true,
    });
    const plans = await plansOf(load);
    expectIndexWalk(plans, "emails_org_id_created_at_idx");
    expectCappedCount(plans);
  });

  it("appointments: upcoming forwards and past backwards on appointments_org_id_start_at_idx", async () => {
    const upcoming = await plansOf((tx) =>
      listAppointments({ tx, actor, query: appointmentListQuerySchema.parse({}), now: NOW }),
    );
    expectIndexWalk(upcoming, "appointments_org_id_start_at_idx", "Forward");
    expectCappedCount(upcoming);
    // Without a search the count reads appointments only, not every lead to join them to.
    const count = upcoming.find((p) => /^select count\(\*\)/i.test(p.sql));
    expect(count?.nodes.map((n) => n["Relation Name"]).filter(Boolean)).not.toContain("leads");
    const past = await plansOf((tx) =>
      listAppointments({ tx, actor, query: appointmentListQuerySchema.parse({ tab: "past" }), now: NOW }),
    );
    expectIndexWalk(past, "appointments_org_id_start_at_idx", "Backward");
  });

  it("leads: newest first off leads_org_id_created_at_idx, counted up to the cap", async () => {
    const plans = await plansOf((tx) => listLeads({ tx, actor, query: parseLeadSearchParams({}) }));
    expectIndexWalk(plans, "leads_org_id_created_at_idx");
    expectCappedCount(plans);
  });

  /**
   * The plan of `private.lead_ids_page`'s statement for a filter, as its owner plans it inside the
   * function (the statement text from `private.lead_ids_page_sql`, the call's values bound).
   */
  async function helperPlan(filter: LeadFilter, sort: LeadSort, dir: SortDir, page = 1) {
    const pattern = leadSearchPattern(filter.q) ?? null;
    const [row] = await db.query<{ text: string }>(
      "select private.lead_ids_page_sql('walk', $1, $2, $3, $4, $5, $6, $7, $8, $9) as text",
      [
        pattern !== null,
        !!filter.statuses,
        !!filter.campaignId,
        !!filter.timezone,
        false,
        false,
        null,
        sort,
        dir,
      ],
    );
    const skip = (page - 1) * LEAD_PAGE_SIZE;
    const params = [
      actor.orgId,
      pattern,
      filter.statuses ? `{${filter.statuses.join(",")}}` : null,
      filter.campaignId ?? null,
      filter.timezone ?? null,
      null,
      null,
      LEAD_PAGE_SIZE,
      skip,
      Math.max(10_000, 10 * (skip + LEAD_PAGE_SIZE)),
    ];
    // Values as literals: EXECUTE … USING in PL/pgSQL hands the planner its values as constants too.
    const literal = (v: string | number | null) =>
      v === null ? "null" : typeof v === "number" ? String(v) : `'${v.replace(/'/g, "''")}'`;
    const text = (row?.text ?? "").replace(/\$(\d+)/g, (_, n) => literal(params[Number(n) - 1] ?? null));
    const [plan] = await db.query<{ "QUERY PLAN": [{ Plan: PlanNode }] | string }>(
      `explain (format json) ${text}`,
    );
    const json = plan?.["QUERY PLAN"];
    return flatten((typeof json === "string" ? JSON.parse(json) : json)[0].Plan);
  }

  it("a search matching every lead: its page walks the sort's index through the helper, not a sort of every lead", async () => {
    const load = (tx: Tx) => listLeads({ tx, actor, query: parseLeadSearchParams({ q: "example.com" }) });
    const result = await withUser(owner.claims, load, db.db);
    expect(result).toMatchObject({ total: LEAD_COUNT_CAP, capped: true, page: 1 });
    expect(result.rows).toHaveLength(LEAD_PAGE_SIZE);
    // Under RLS the statements only call the helpers and read the page's rows by id: no scan of
    // the organization's leads, no sort of them.
    for (const plan of await plansOf(load)) {
      const leadScans = plan.nodes.filter((n) => n["Relation Name"] === "leads");
      expect(
        leadScans.map((n) => n["Node Type"]),
        plan.sql,
      ).not.toContain("Seq Scan");
      const indexes = plan.nodes.map((n) => n["Index Name"]).filter((n) => n?.startsWith("leads"));
      expect(
        indexes.filter((n) => n !== "leads_pkey" && n !== "leads_id_org_id_key"),
        plan.sql,
      ).toEqual([]);
    }
    // Inside the helper, as its owner: the sort's index, walked in order, whatever the term.
    // (A campaign's leads in created order: its own index or the organization's, filtered.)
    const walks: [LeadFilter, LeadSort, SortDir, number, string | string[]][] = [
      [{ q: "example.com" }, "created", "desc", 1, "leads_org_id_created_at_idx"],
      [{ q: "example.com" }, "created", "desc", 100, "leads_org_id_created_at_idx"],
      [{ q: "lead" }, "created", "asc", 1, "leads_org_id_created_at_idx"],
      [
        { q: "example.com", campaignId },
        "created",
        "desc",
        1,
        ["leads_campaign_id_created_at_idx", "leads_org_id_created_at_idx"],
      ],
      [{ q: "example.com" }, "lastCalled", "desc", 1, "leads_org_id_last_called_at_idx"],
      [{ q: "example.com" }, "attempts", "asc", 1, "leads_org_id_attempts_idx"],
      [{ q: "example.com" }, "timezone", "desc", 1, "leads_org_id_timezone_idx"],
    ];
    for (const [filter, sort, dir, page, index] of walks) {
      const nodes = await helperPlan(filter, sort, dir, page);
      const label = `${JSON.stringify(filter)} ${sort} ${dir} page ${page}: ${names(nodes).join(" > ")}`;
      expect(
        nodes.find((n) => [index].flat().includes(n["Index Name"] ?? "") && n["Node Type"] === "Index Scan"),
        label,
      ).toBeDefined();
      expect(
        names(nodes).filter((n) => n.includes("Sort")),
        label,
      ).toEqual([]);
    }
  });

  it("a common term's page through the helper holds the rows and order of the plain query, for every sort", async () => {
    // "company" matches the third of the leads that have one: sorted by company descending (nulls
    // first) the walk meets none of them and the helper sorts the matches instead.
    for (const [q, sort, dir] of [
      ...LEAD_SORTS.flatMap((s) => (["asc", "desc"] as const).map((d) => ["example.com", s, d] as const)),
      ["company", "company", "desc"] as const,
      ["company", "company", "asc"] as const,
      ["company", "created", "desc"] as const,
    ]) {
      {
        const query = { filter: { q }, sort, dir, page: 7 };
        const viaHelper = await withUser(owner.claims, (tx) => listLeads({ tx, actor, query }), db.db);
        // The same page as the superuser, who needs no helper (no RLS): the reference order.
        const plain = await db.db.transaction((tx) =>
          listLeadsPage(tx as unknown as Tx, { orgId: actor.orgId, ...query }),
        );
        expect(
          viaHelper.rows.map((r) => r.id),
          `${sort} ${dir}`,
        ).toEqual(plain.map((r) => r.id));
      }
    }
  });

  it("a lead's page: its calls and its history off their indexes", async () => {
    const plans = await plansOf((tx) => getLeadDetails({ tx, actor, leadId }));
    const history = plans.filter((p) => p.sql.includes('"lead_events"'));
    expectIndexWalk(history, "lead_events_lead_id_idx");
  });

  it("the do-not-call list: newest first, then by number, off do_not_call_org_id_created_at_idx", async () => {
    const plans = await plansOf((tx) => listDoNotCallPage({ tx, actor, input: { page: 1 } }));
    expectIndexWalk(plans, "do_not_call_org_id_created_at_idx");
    expectCappedCount(plans);
  });

  it("the trash: most recently trashed first off leads_trash_idx, counted up to the cap", async () => {
    const plans = await plansOf((tx) => listTrashedLeads({ tx, actor, page: 3 }));
    expectIndexWalk(plans, "leads_trash_idx");
    expectCappedCount(plans);
  });

  it("the audit log: newest first off audit_log_org_id_created_at_idx, counted up to the cap", async () => {
    const plans = await plansOf((tx) => listAuditLog({ tx, actor, page: 3 }));
    expectIndexWalk(plans, "audit_log_org_id_created_at_idx");
    expectCappedCount(plans);
  });

  describe("call reviews and the activity feed (issue 16)", () => {
    beforeAll(async () => {
      // A review for one answered call in ten, one in five of those flagged, reviewed over a year;
      // and a fifth of the audit entries made by the owner (the seed's have no actor).
      await db.query(
        `insert into public.call_reviews (call_id, org_id, campaign_id, score, flagged, reviewer_id, reviewed_at)
         select c.id, c.org_id, c.campaign_id, 1 + abs(hashtext(c.id::text)) % 5, abs(hashtext(c.id::text)) % 5 = 0,
                $2, c.created_at + interval '1 day'
         from public.calls c
         where c.org_id = $1 and c.result = 'answered' and abs(hashtext(c.to_number)) % 10 = 0`,
        [actor.orgId, owner.id],
      );
      await db.query(`update public.audit_log set actor_id = $2 where org_id = $1 and id % 5 = 0`, [
        actor.orgId,
        owner.id,
      ]);
      await db.query("analyze public.call_reviews");
      await db.query("analyze public.audit_log");
    });

    it("calls to review: answered, unreviewed, newest first off calls_org_id_created_at_idx, counted up to the cap", async () => {
      const load = (tx: Tx) =>
        listReviewQueue({ tx, actor, query: reviewListQuerySchema.parse({ page: "3" }) });
      const result = await withUser(owner.claims, load, db.db);
      expect(result.rows).toHaveLength(25);
      const plans = await plansOf(load);
      expectIndexWalk(plans, "calls_org_id_created_at_idx");
      expectCappedCount(plans);
    });

    it("a campaign's calls to review newest first off an index, nothing sorted", async () => {
      const plans = await plansOf((tx) =>
        listReviewQueue({ tx, actor, query: reviewListQuerySchema.parse({ campaignId }) }),
      );
      // Either newest-first index (see "a campaign's calls" above).
      expectIndexWalk(plans, CAMPAIGN_CALL_INDEXES);
    });

    it("reviewed and low-score calls off call_reviews_org_id_reviewed_at_idx; flagged ones off call_reviews_flagged_idx", async () => {
      for (const queue of ["reviewed", "low"]) {
        const plans = await plansOf((tx) =>
          listReviewQueue({ tx, actor, query: reviewListQuerySchema.parse({ queue }) }),
        );
        expectIndexWalk(plans, "call_reviews_org_id_reviewed_at_idx");
        expectCappedCount(plans);
      }
      const flagged = await plansOf((tx) =>
        listReviewQueue({ tx, actor, query: reviewListQuerySchema.parse({ queue: "flagged", page: "2" }) }),
      );
      expectIndexWalk(flagged, "call_reviews_flagged_idx");
      expectCappedCount(flagged);
    });

    it("the activity feed: newest first off audit_log_org_id_created_at_idx, a person's off audit_log_org_id_actor_id_created_at_idx", async () => {
      const all = await plansOf((tx) =>
        listActivity({ tx, actor, query: activityQuerySchema.parse({ page: "2" }) }),
      );
      expectIndexWalk(all, "audit_log_org_id_created_at_idx");
      expectCappedCount(all);
      const kind = await plansOf((tx) =>
        listActivity({ tx, actor, query: activityQuerySchema.parse({ kind: "leads" }) }),
      );
      expectIndexWalk(kind, "audit_log_org_id_created_at_idx");
      const person = await plansOf((tx) =>
        listActivity({ tx, actor, query: activityQuerySchema.parse({ person: owner.id, page: "2" }) }),
      );
      expectIndexWalk(person, "audit_log_org_id_actor_id_created_at_idx");
      expectCappedCount(person);
    });
  });

  it("unfinished imports: most recently active first off lead_imports_unfinished_idx", async () => {
    const plans = await plansOf((tx) => listUnfinishedImports(tx, { orgId: actor.orgId }));
    expectIndexWalk(plans, "lead_imports_unfinished_idx");
  });

  it("the campaign page: one pass over its leads, hashed, nothing sorted or spilled to disk", async () => {
    const load = (tx: Tx) => getCampaignPage({ tx, actor, campaignId, now: NOW });
    const page = await withUser(owner.claims, load, db.db);
    const [live] = await db.query<{ n: number }>(
      "select count(*)::int as n from public.leads where campaign_id = $1 and deleted_at is null",
      [campaignId],
    );
    expect(page?.preview.total).toBe(live?.n);
    const plans = await plansOf(load, { analyze: true });
    const preview = plans.find((p) => p.sql.includes("zone_sets"));
    expect(preview, "the preview's statement").toBeDefined();
    const nodes = preview?.nodes ?? [];
    expect(names(nodes).filter((n) => n.includes("Sort"))).toEqual([]);
    expect(names(nodes)).toContain("Aggregate");
    expect(nodes.filter((n) => (n["Temp Written Blocks"] ?? 0) > 0).map((n) => n["Node Type"])).toEqual([]);
    // The window check is part of the statement's own expressions: no function call per lead.
    expect(preview?.sql).toContain("private.lead_in_calling_window");
    expectIndexWalk(plans, CAMPAIGN_CALL_INDEXES);
    // Nothing else reads the campaign's leads (the preview counts them per status too), and its
    // calls' figures are index lookups: the spend from the index alone, no scan of its calls.
    expect(plans.filter((p) => /\bfrom (public\.leads|"leads")/.test(p.sql))).toHaveLength(1);
    const stats = plans.find((p) => p.sql.includes("sum(cost_cents)"));
    expect(stats, "the calls' figures").toBeDefined();
    const statNodes = stats?.nodes ?? [];
    expect(statNodes.filter((n) => n["Node Type"].includes("Seq Scan"))).toEqual([]);
    // An index-only scan once vacuum has marked the calls all-visible (the seed only analyzes).
    expect(
      statNodes.find((n) => n["Index Name"] === "calls_org_id_campaign_id_cost_idx"),
      `the spend off calls_org_id_campaign_id_cost_idx in ${statNodes
        .map((n) => `${n["Node Type"]}${n["Index Name"] ? ` (${n["Index Name"]})` : ""}`)
        .join(" > ")}`,
    ).toBeDefined();
  });

  it("RLS helpers are stable and parallel safe, so an aggregate under RLS may use parallel workers", async () => {
    const helpers = await db.query<{ proname: string; provolatile: string; proparallel: string }>(
      `select p.proname, p.provolatile, p.proparallel from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'private' and p.proname in ('user_org_ids', 'co_member_ids', 'in_calling_window',
         'lead_in_calling_window', 'zone_in_calling_window')
       order by 1`,
    );
    expect(helpers.map((h) => [h.proname, h.provolatile, h.proparallel])).toEqual([
      ["co_member_ids", "s", "s"],
      ["in_calling_window", "s", "s"],
      ["lead_in_calling_window", "s", "s"],
      ["user_org_ids", "s", "s"],
      ["zone_in_calling_window", "s", "s"],
    ]);
    // On Postgres 15 a subquery without FROM is never run in parallel: every policy calls the
    // membership helpers from a FROM clause.
    const policies = await db.query<{ policyname: string; expr: string }>(
      `select policyname, concat_ws(' ', qual, with_check) as expr from pg_policies where schemaname = 'public'`,
    );
    const tenancy = policies.filter((p) => /user_org_ids|co_member_ids/.test(p.expr));
    expect(tenancy.length).toBeGreaterThan(40);
    expect(
      tenancy.filter((p) => /select\s+(private\.)?(user_org_ids|co_member_ids)\(/i.test(p.expr)),
    ).toEqual([]);
    // With parallel plans made free, the planner picks one under RLS when nothing forbids it: a
    // parallel-unsafe function in the policy would rule out any Gather.
    const plans = await plansOf((tx) => countLeadsByStatus(tx, { orgId: actor.orgId, campaignId }), {
      settings: [
        "set local parallel_setup_cost = 0",
        "set local parallel_tuple_cost = 0",
        "set local min_parallel_table_scan_size = 0",
        "set local min_parallel_index_scan_size = 0",
        "set local max_parallel_workers_per_gather = 2",
      ],
    });
    expect(names(plans[0]?.nodes ?? []).some((n) => n.startsWith("Gather"))).toBe(true);
  });
});
