import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityQuerySchema } from "@/lib/activity/kinds";
import { rowsOf, type Tx } from "@/lib/db/client";
import { listUnfinishedImports } from "@/lib/db/queries/lead-imports";
import { countLeadsByStatus } from "@/lib/db/queries/leads";
import { withUser } from "@/lib/db/with-user";
import { parseLeadSearchParams } from "@/lib/schemas/lead";
import { LIST_COUNT_CAP } from "@/lib/schemas/list";
import { reviewListQuerySchema } from "@/lib/schemas/review";
import { listActivity } from "@/lib/services/activity/list-activity";
import { appointmentListQuerySchema, listAppointments } from "@/lib/services/appointments/list-appointments";
import { listAuditLog } from "@/lib/services/audit/list-audit-log";
import { callListQuerySchema, listCalls } from "@/lib/services/calls/list-calls";
import { getCampaignPage } from "@/lib/services/campaigns/get-campaign-page";
import { listDoNotCallPage } from "@/lib/services/do-not-call/list-do-not-call";
import { emailListQuerySchema, listEmails } from "@/lib/services/email/list-emails";
import { getLeadDetails } from "@/lib/services/leads/get-lead-details";
import { listLeads } from "@/lib/services/leads/list-leads";
import { listTrashedLeads } from "@/lib/services/leads/list-trashed-leads";
import type { Actor } from "@/lib/services/organizations/roles";
import { listReviewQueue } from "@/lib/services/reviews/list-review-queue";
import { createOrgWithMembers, type TestUser } from "../helpers/fixtures";
import { seedOrgAtScale } from "../helpers/seed-at-scale";
import { type LoggedStatement, statementLog } from "../helpers/statement-log";
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
  "Plan Rows"?: number;
  Plans?: PlanNode[];
};

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}

/** A logged statement as SQL again, its `$n` placeholders bound to the values it was sent with. */
function rebound({ sql: text, params }: LoggedStatement): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  parts.forEach((part, i) => {
    chunks.push(i % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`);
  });
  return sql.join(chunks, sql.raw(""));
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
  });
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

  const names = (nodes: PlanNode[]) => nodes.map((n) => n["Node Type"]);

  /** The page's statement (the one with ORDER BY … LIMIT) walks `index` and sorts nothing. */
  function expectIndexWalk(plans: { sql: string; nodes: PlanNode[] }[], index: string, direction?: string) {
    const page = plans.find((p) => /order by/i.test(p.sql) && /limit/i.test(p.sql));
    expect(page, "the list's page query").toBeDefined();
    const nodes = page?.nodes ?? [];
    const walk = nodes.find((n) => /Index (Only )?Scan/.test(n["Node Type"]) && n["Index Name"] === index);
    expect(walk, `an Index Scan on ${index} in ${names(nodes).join(" > ")}`).toBeDefined();
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

  it("a campaign's calls off calls_campaign_id_created_at_idx, a lead's off calls_lead_id_created_at_idx", async () => {
    const ofCampaign = await plansOf((tx) =>
      listCalls({ tx, actor, query: { page: 1, pageSize: 10, campaignId } }),
    );
    expectIndexWalk(ofCampaign, "calls_campaign_id_created_at_idx");
    expectCappedCount(ofCampaign);
    const ofLead = await plansOf((tx) => listCalls({ tx, actor, query: { page: 1, pageSize: 20, leadId } }));
    expectIndexWalk(ofLead, "calls_lead_id_created_at_idx");
  });

  it("the outbox: newest first off emails_org_id_created_at_idx, counted up to the cap", async () => {
    const load = (tx: Tx) => listEmails({ tx, actor, query: emailListQuerySchema.parse({}) });
    expect(await withUser(owner.claims, load, db.db)).toMatchObject({ total: LIST_COUNT_CAP, capped: true });
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

    it("a campaign's calls to review off calls_campaign_id_created_at_idx", async () => {
      const plans = await plansOf((tx) =>
        listReviewQueue({ tx, actor, query: reviewListQuerySchema.parse({ campaignId }) }),
      );
      expectIndexWalk(plans, "calls_campaign_id_created_at_idx");
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
    expectIndexWalk(plans, "calls_campaign_id_created_at_idx");
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
