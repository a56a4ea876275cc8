import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/lib/db/client";
import {
  type Counts,
  reportAttempts,
  reportByDay,
  reportLeadHours,
  reportTotals,
} from "@/lib/db/queries/reports";
import { withUser } from "@/lib/db/with-user";
import { type DayPlan, type HourPlan, planDays, planHours } from "@/lib/reports/buckets";
import { recordCallReport } from "@/lib/services/dialer/record-call-report";
import { insertCampaign, insertLead, recordingQueue } from "../helpers/dialer-fixtures";
import { createOrgWithMembers, type TestOrg } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

/*
 * The report rollups equal the raw aggregates, whatever writes the calls and emails: inserts of
 * one row and of many, the outcome service (an event, its replay, a second event for the same
 * call), calls still in flight, calls with no cost, simulated calls, a call moved to another hour,
 * a lead changing zone after its calls, deletes, and emails changing status. And the report
 * queries, which mix whole rollup buckets with raw rows at the edges, give the same answer as
 * reading every row raw, for boundaries anywhere and zones a half or quarter hour off UTC.
 */

const NOW = new Date("2026-12-03T15:00:00Z");
const H = 3_600_000;

describe.each(testDbKinds())("report rollups (%s)", (kind) => {
  let db: TestDb;
  let org: TestOrg<"owner">;
  let simCampaign: string;
  let liveCampaign: string;

  beforeAll(async () => {
    db = await createTestDb(kind);
    org = await createOrgWithMembers(db, { members: { owner: "owner" } });
    simCampaign = await insertCampaign(db, org.orgId);
    liveCampaign = await insertCampaign(db, org.orgId, { voiceProvider: "retell" });
  });
  afterAll(async () => {
    await db.destroy();
  });

  type CallSpec = {
    campaignId?: string;
    leadId?: string;
    timezone?: string;
    attemptNo?: number;
    createdAt: Date;
    provider?: "simulator" | "retell";
    status?: "queued" | "dialing" | "live" | "ended";
    result?: string | null;
    outcome?: string | null;
    duration?: number | null;
    cost?: number | null;
  };

  /** Inserts the calls in one statement (each with its own lead unless given). */
  async function insertCalls(specs: CallSpec[]): Promise<string[]> {
    const rows: unknown[][] = [];
    for (const s of specs) {
      const campaignId = s.campaignId ?? (s.provider === "retell" ? liveCampaign : simCampaign);
      const leadId =
        s.leadId ??
        (await insertLead(db, org.orgId, campaignId, { timezone: s.timezone ?? "America/New_York" }));
      rows.push([
        org.orgId,
        campaignId,
        leadId,
        s.attemptNo ?? 1,
        s.status ?? "ended",
        s.provider ?? "simulator",
        s.createdAt.toISOString(),
        s.result ?? null,
        s.outcome ?? null,
        s.duration ?? null,
        s.cost ?? null,
      ]);
    }
    const values = rows
      .map(
        (_, i) =>
          `($${i * 11 + 1}::uuid, $${i * 11 + 2}::uuid, $${i * 11 + 3}::uuid, $${i * 11 + 4}::int, $${i * 11 + 5}::call_status,
            $${i * 11 + 6}::voice_provider, $${i * 11 + 7}::timestamptz, $${i * 11 + 8}::call_result,
            $${i * 11 + 9}::call_outcome, $${i * 11 + 10}::int, $${i * 11 + 11}::int)`,
      )
      .join(", ");
    const inserted = await db.query<{ id: string }>(
      `insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider, created_at, result,
         outcome, duration_seconds, cost_cents, provider_account, to_number, queued_at, deadline_at)
       select v.*, 'test:account', '+12125550199', v.created_at, v.created_at + interval '1 hour'
       from (values ${values}) as v(org_id, campaign_id, lead_id, attempt_no, status, provider, created_at, result,
         outcome, duration_seconds, cost_cents)
       returning id`,
      rows.flat(),
    );
    return inserted.map((r) => r.id);
  }

  /** The rollups' non-zero rows, and the same aggregates computed from the raw rows, for the org. */
  async function compare(orgId: string) {
    const q = (text: string) => db.query<Record<string, unknown>>(text, [orgId]);
    const hourlyCols = `placed, simulated, in_flight, ended, answered, voicemail, no_answer, busy, failed,
      conversations, booked, talk_seconds::int, talk_calls, cost_cents::int, costed, emails_sent, emails_outboxed,
      emails_delivered, emails_bounced`;
    const rollupHourly = await q(
      `select campaign_id, hour, ${hourlyCols} from public.report_hourly where org_id = $1
         and (placed, emails_sent, emails_outboxed, emails_delivered, emails_bounced) <> (0, 0, 0, 0, 0)
       order by campaign_id nulls first, hour`,
    );
    // Written out here on purpose, not through the facts functions: an independent reading.
    const rawHourly = await q(
      `with c as (
         select campaign_id, date_trunc('hour', created_at, 'UTC') as hour, count(*)::int as placed,
           count(*) filter (where provider = 'simulator')::int as simulated,
           count(*) filter (where status <> 'ended')::int as in_flight,
           count(*) filter (where status = 'ended')::int as ended,
           count(*) filter (where result = 'answered')::int as answered,
           count(*) filter (where result = 'voicemail')::int as voicemail,
           count(*) filter (where result = 'no_answer')::int as no_answer,
           count(*) filter (where result = 'busy')::int as busy,
           count(*) filter (where result = 'failed')::int as failed,
           count(*) filter (where result = 'answered' and outcome <> 'unknown')::int as conversations,
           count(*) filter (where outcome = 'booked')::int as booked,
           coalesce(sum(duration_seconds) filter (where result = 'answered'), 0)::int as talk_seconds,
           count(duration_seconds) filter (where result = 'answered')::int as talk_calls,
           coalesce(sum(cost_cents), 0)::int as cost_cents, count(cost_cents)::int as costed
         from public.calls where org_id = $1 group by 1, 2),
       e as (
         select campaign_id, date_trunc('hour', created_at, 'UTC') as hour,
           count(*) filter (where status in ('sent', 'outboxed', 'delivered', 'bounced', 'complained'))::int as emails_sent,
           count(*) filter (where status = 'outboxed')::int as emails_outboxed,
           count(*) filter (where status in ('delivered', 'complained'))::int as emails_delivered,
           count(*) filter (where status = 'bounced')::int as emails_bounced
         from public.emails where org_id = $1 and kind <> 'test' group by 1, 2)
       select coalesce(c.campaign_id, e.campaign_id) as campaign_id, coalesce(c.hour, e.hour) as hour,
         coalesce(c.placed, 0) as placed, coalesce(c.simulated, 0) as simulated, coalesce(c.in_flight, 0) as in_flight,
         coalesce(c.ended, 0) as ended, coalesce(c.answered, 0) as answered, coalesce(c.voicemail, 0) as voicemail,
         coalesce(c.no_answer, 0) as no_answer, coalesce(c.busy, 0) as busy, coalesce(c.failed, 0) as failed,
         coalesce(c.conversations, 0) as conversations, coalesce(c.booked, 0) as booked,
         coalesce(c.talk_seconds, 0) as talk_seconds, coalesce(c.talk_calls, 0) as talk_calls,
         coalesce(c.cost_cents, 0) as cost_cents, coalesce(c.costed, 0) as costed,
         coalesce(e.emails_sent, 0) as emails_sent, coalesce(e.emails_outboxed, 0) as emails_outboxed,
         coalesce(e.emails_delivered, 0) as emails_delivered, coalesce(e.emails_bounced, 0) as emails_bounced
       from c full join e on e.campaign_id is not distinct from c.campaign_id and e.hour = c.hour
       where (coalesce(c.placed, 0), coalesce(e.emails_sent, 0), coalesce(e.emails_outboxed, 0),
         coalesce(e.emails_delivered, 0), coalesce(e.emails_bounced, 0)) <> (0, 0, 0, 0, 0)
       order by 1 nulls first, 2`,
    );
    expect(rollupHourly).toEqual(rawHourly);
    // The organization's hours are the sum of its campaigns' (and campaign-less emails').
    const sums = hourlyCols
      .split(",")
      .map((c) => c.trim())
      .map((c) => `sum(${c.replace("::int", "")})::int as ${c.replace("::int", "")}`)
      .join(", ");
    expect(
      await q(`select hour, ${hourlyCols} from public.report_org_hourly where org_id = $1
         and (placed, emails_sent, emails_outboxed, emails_delivered, emails_bounced) <> (0, 0, 0, 0, 0) order by hour`),
    ).toEqual(
      await q(`select hour, ${sums} from public.report_hourly where org_id = $1 group by hour
         having (sum(placed), sum(emails_sent), sum(emails_outboxed), sum(emails_delivered), sum(emails_bounced))
           <> (0, 0, 0, 0, 0) order by hour`),
    );
    expect(
      await q(`select campaign_id, day::text, local_dow::int, local_hour::int, placed, ended, answered
        from public.report_lead_hours where org_id = $1 and placed <> 0 order by 1, 2, 3, 4`),
    ).toEqual(
      await q(`select campaign_id, (created_at at time zone 'UTC')::date::text as day,
          extract(isodow from created_at at time zone lead_timezone)::int as local_dow,
          extract(hour from created_at at time zone lead_timezone)::int as local_hour,
          count(*)::int as placed, count(*) filter (where status = 'ended')::int as ended,
          count(*) filter (where result = 'answered')::int as answered
        from public.calls where org_id = $1 group by 1, 2, 3, 4 order by 1, 2, 3, 4`),
    );
    expect(
      await q(`select hour, local_dow::int, local_hour::int, placed, ended, answered
        from public.report_org_lead_hours where org_id = $1 and placed <> 0 order by 1, 2, 3`),
    ).toEqual(
      await q(`select date_trunc('hour', created_at, 'UTC') as hour,
          extract(isodow from created_at at time zone lead_timezone)::int as local_dow,
          extract(hour from created_at at time zone lead_timezone)::int as local_hour,
          count(*)::int as placed, count(*) filter (where status = 'ended')::int as ended,
          count(*) filter (where result = 'answered')::int as answered
        from public.calls where org_id = $1 group by 1, 2, 3 order by 1, 2, 3`),
    );
    expect(
      await q(`select campaign_id, day::text, attempt_no, placed, ended, answered, booked
        from public.report_attempts where org_id = $1 and placed <> 0 order by 1, 2, 3`),
    ).toEqual(
      await q(`select campaign_id, (created_at at time zone 'UTC')::date::text as day, attempt_no,
          count(*)::int as placed, count(*) filter (where status = 'ended')::int as ended,
          count(*) filter (where result = 'answered')::int as answered,
          count(*) filter (where outcome = 'booked')::int as booked
        from public.calls where org_id = $1 group by 1, 2, 3 order by 1, 2, 3`),
    );
    return rollupHourly.length;
  }

  it("stay equal to the raw aggregates through every kind of write", async () => {
    // Many rows in one statement: in flight, ended with and without cost, simulated and not.
    const ids = await insertCalls([
      { createdAt: new Date(NOW.getTime() - 2 * H), status: "queued" },
      { createdAt: new Date(NOW.getTime() - 2 * H), status: "dialing", provider: "retell" },
      { createdAt: new Date(NOW.getTime() - 2 * H + 60_000), status: "live", provider: "retell" },
      {
        createdAt: new Date(NOW.getTime() - 3 * H),
        result: "answered",
        outcome: "booked",
        duration: 240,
        cost: 55,
      },
      { createdAt: new Date(NOW.getTime() - 3 * H), result: "voicemail", duration: 30, cost: null },
      {
        createdAt: new Date(NOW.getTime() - 26 * H),
        result: "answered",
        outcome: "unknown",
        duration: null,
        cost: 12,
        provider: "retell",
        timezone: "Asia/Kolkata",
        attemptNo: 2,
      },
      {
        createdAt: new Date(NOW.getTime() - 27 * H),
        result: "busy",
        timezone: "Pacific/Auckland",
        attemptNo: 3,
      },
    ]);
    expect(await compare(org.orgId)).toBeGreaterThan(0);

    // The outcome service: a claimed call ends (answered, booked later by its analysis).
    const [claimedId] = await insertCalls([
      { createdAt: new Date(NOW.getTime() - 10 * 60_000), status: "live", provider: "simulator" },
    ]);
    if (!claimedId) throw new Error("no call");
    await db.query(
      "update public.leads set status = 'calling', attempts = 1 where id = (select lead_id from public.calls where id = $1)",
      [claimedId],
    );
    const ended = {
      provider: "simulator" as const,
      providerCallId: `sim_${claimedId}`,
      callId: claimedId,
      event: "ended" as const,
      at: NOW,
      endedAt: NOW,
      startedAt: new Date(NOW.getTime() - 5 * 60_000),
      result: "answered" as const,
      providerReason: "user_hangup",
      durationSeconds: 300,
      costCents: 80,
    };
    expect(
      (await recordCallReport({ db: db.db, now: NOW, queue: recordingQueue(), report: ended })).applied,
    ).toBe(true);
    await compare(org.orgId);
    // The same event again (a provider's retry): nothing changes.
    const before = await db.query(
      "select * from public.report_hourly where org_id = $1 order by campaign_id, hour",
      [org.orgId],
    );
    await recordCallReport({
      db: db.db,
      now: new Date(NOW.getTime() + 60_000),
      queue: recordingQueue(),
      report: ended,
    });
    expect(
      await db.query("select * from public.report_hourly where org_id = $1 order by campaign_id, hour", [
        org.orgId,
      ]),
    ).toEqual(before);
    // A second event for the same call: its analysis books a meeting.
    await recordCallReport({
      db: db.db,
      now: new Date(NOW.getTime() + 2 * 60_000),
      queue: recordingQueue(),
      report: { ...ended, event: "analyzed", outcome: "booked", summary: "Booked a demo" },
    });
    await compare(org.orgId);

    // Calls end one by one and many at once; one moves to another hour; one is deleted.
    await db.query("update public.calls set status = 'ended', result = 'no_answer' where id = $1", [ids[0]]);
    await db.query("update public.calls set status = 'ended', result = 'failed' where id = any($1::uuid[])", [
      [ids[1], ids[2]],
    ]);
    await db.query("update public.calls set created_at = created_at - interval '5 hours' where id = $1", [
      ids[3],
    ]);
    await db.query("delete from public.calls where id = $1", [ids[4]]);
    await compare(org.orgId);

    // A lead moving zone later does not move the calls already counted in its old zone.
    await db.query(
      "update public.leads set timezone = 'Europe/Berlin' where id = (select lead_id from public.calls where id = $1)",
      [ids[5]],
    );
    await compare(org.orgId);

    // Follow-up emails: written, sent, delivered, bounced; a test send counts nowhere.
    const lead = await insertLead(db, org.orgId, simCampaign);
    const email = (kind: string, status: string, campaignId: string | null, at: Date) =>
      db.query<{ id: string }>(
        `insert into public.emails (org_id, lead_id, campaign_id, kind, dedupe_key, transport, status, from_address,
           subject, html, text, unsubscribe_token, created_at)
         values ($1, $2, $3, $4, gen_random_uuid()::text, 'resend', $5, 'a@example.test', 's', 'h', 't',
           gen_random_uuid()::text, $6) returning id`,
        [org.orgId, lead, campaignId, kind, status, at.toISOString()],
      );
    const [e1] = await email("missed_call", "queued", simCampaign, new Date(NOW.getTime() - 2 * H));
    await email("confirmation", "outboxed", simCampaign, new Date(NOW.getTime() - 2 * H));
    await email("test", "sent", null, new Date(NOW.getTime() - 2 * H));
    const [e2] = await email("not_interested", "sent", null, new Date(NOW.getTime() - 30 * H));
    await compare(org.orgId);
    await db.query("update public.emails set status = 'sent' where id = $1", [e1?.id]);
    await db.query("update public.emails set status = 'delivered' where id = $1", [e1?.id]);
    await db.query("update public.emails set status = 'bounced' where id = $1", [e2?.id]);
    await compare(org.orgId);
  });

  it("the report queries answer as if every row were read raw, at any boundaries and in any zone", async () => {
    // A spread of calls over 4 days, in several lead zones, at minutes that are not on the hour.
    const zones = ["America/New_York", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Auckland"];
    const results = ["answered", "voicemail", "no_answer", "busy", "failed"];
    const specs: CallSpec[] = [];
    for (let i = 0; i < 120; i++) {
      const result = results[i % 5] ?? "answered";
      specs.push({
        createdAt: new Date(NOW.getTime() - i * 47 * 60_000 - (i % 7) * 60_000),
        timezone: zones[i % 4],
        provider: i % 3 === 0 ? "retell" : "simulator",
        attemptNo: 1 + (i % 3),
        status: i % 11 === 0 ? "live" : "ended",
        result: i % 11 === 0 ? null : result,
        outcome: result === "answered" ? (i % 2 ? "booked" : "not_interested") : null,
        duration: result === "answered" ? 60 + i : null,
        cost: i % 4 === 0 ? null : 10 + i,
      });
    }
    await insertCalls(specs);
    await compare(org.orgId);
    const user = org.members.owner.claims;
    const allRaw = (start: Date, end: Date): HourPlan => ({
      hourStart: start,
      hourEnd: start,
      skip: [],
      raw: [[start, end]],
    });
    const allRawDays = (start: Date, end: Date): DayPlan => ({
      dayStart: "x",
      dayEnd: "x",
      raw: [[start, end]],
    });
    const ranges: [Date, Date][] = [
      [new Date("2026-12-01T05:00:00Z"), new Date("2026-12-03T15:00:00Z")],
      [new Date("2026-12-01T04:37:00Z"), new Date("2026-12-03T14:12:30Z")],
      [new Date("2026-12-02T18:30:00Z"), new Date("2026-12-03T18:30:00Z")],
      [new Date("2026-12-03T10:05:00Z"), new Date("2026-12-03T10:50:00Z")],
    ];
    let seen = 0;
    for (const [start, end] of ranges) {
      for (const campaignId of [undefined, simCampaign]) {
        const scope = { orgId: org.orgId, campaignId };
        await withUser(
          user,
          async (tx) => {
            const totals = await reportTotals(tx, { ...scope, plan: planHours(start, end) });
            expect(totals).toEqual(await reportTotals(tx, { ...scope, plan: allRaw(start, end) }));
            seen += totals.placed;
            for (const zone of ["UTC", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu"]) {
              const byDay = await reportByDay(tx, { ...scope, zone, plan: planHours(start, end, zone) });
              expect(byDay).toEqual(await reportByDay(tx, { ...scope, zone, plan: allRaw(start, end) }));
              const sum = byDay.reduce((n, d) => n + d.counts.placed, 0);
              expect(sum).toBe(totals.placed);
            }
            expect(await reportLeadHours(tx, { ...scope, plan: planDays(start, end) })).toEqual(
              await reportLeadHours(tx, { ...scope, plan: allRawDays(start, end) }),
            );
            if (!campaignId) {
              expect(await reportLeadHours(tx, { ...scope, plan: planHours(start, end) })).toEqual(
                await reportLeadHours(tx, { ...scope, plan: allRawDays(start, end) }),
              );
            }
            expect(await reportAttempts(tx, { ...scope, plan: planDays(start, end) })).toEqual(
              await reportAttempts(tx, { ...scope, plan: allRawDays(start, end) }),
            );
          },
          db.db,
        );
      }
    }
    expect(seen).toBeGreaterThan(100);
  });

  it("another organization's member reads none of the rollups", async () => {
    const other = await createOrgWithMembers(db, { members: { outsider: "owner" } });
    const counts = await withUser(
      other.members.outsider.claims,
      async (tx) =>
        rowsOf<{ n: number }>(
          await tx.execute(
            sql`select (select count(*) from public.report_hourly)::int
            + (select count(*) from public.report_lead_hours)::int + (select count(*) from public.report_attempts)::int as n`,
          ),
        ),
      db.db,
    );
    expect(counts[0]?.n).toBe(0);
    const mine = await withUser(
      org.members.owner.claims,
      (tx) => reportTotals(tx, { orgId: org.orgId, plan: planHours(new Date("2026-11-01T00:00:00Z"), NOW) }),
      db.db,
    );
    const asOutsider = await withUser(
      other.members.outsider.claims,
      (tx) => reportTotals(tx, { orgId: org.orgId, plan: planHours(new Date("2026-11-01T00:00:00Z"), NOW) }),
      db.db,
    );
    const raw = await db.query<{ n: number }>(
      "select count(*)::int as n from public.calls where org_id = $1 and created_at < $2",
      [org.orgId, NOW.toISOString()],
    );
    expect(mine.placed).toBe(raw[0]?.n);
    expect(mine.placed).toBeGreaterThan(0);
    expect(asOutsider).toEqual(Object.fromEntries(Object.keys(mine).map((k) => [k, 0])) as Counts);
  });
});
