import { type SQL, sql } from "drizzle-orm";
import type { DayPlan, HourPlan, Window } from "@/lib/reports/buckets";
import { rowsOf, type Tx } from "../client";

/*
 * The report queries (dashboard, a campaign's Results tab). They read the rollups kept by the
 * triggers of supabase/migrations/20261208170100_report_rollups_triggers.sql for whole buckets and
 * the raw calls and emails, through the same facts functions, for what a plan (lib/reports/buckets)
 * leaves to them. RLS applies: callers run them in `withUser`; `orgId` keeps them on the indexes.
 */

export const CALL_COUNTERS = [
  "placed",
  "simulated",
  "in_flight",
  "ended",
  "answered",
  "voicemail",
  "no_answer",
  "busy",
  "failed",
  "conversations",
  "booked",
  "talk_seconds",
  "talk_calls",
  "cost_cents",
  "costed",
] as const;
export const EMAIL_COUNTERS = [
  "emails_sent",
  "emails_outboxed",
  "emails_delivered",
  "emails_bounced",
] as const;
const COUNTERS = [...CALL_COUNTERS, ...EMAIL_COUNTERS] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

export const ZERO_COUNTS: Counts = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counts;

type Scope = { orgId: string; campaignId?: string };

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const cols = (list: readonly string[], prefix: string) =>
  sql.raw(list.map((c) => `${prefix}${c}`).join(", "));
const zeros = (list: readonly string[]) => sql.raw(list.map((c) => `0 as ${c}`).join(", "));
const sums = sql.raw(COUNTERS.map((c) => `sum(${c})::float8 as ${c}`).join(", "));

/**
 * The raw calls (or emails) in the plan's windows, as `c` (or `e`): one index range scan per
 * window (calls_org_id_created_at_idx, calls_campaign_id_created_at_idx) with its bounds as
 * constants. A join on a list of windows let the planner, under RLS, scan the whole table.
 */
function rawCalls(scope: Scope, raw: readonly Window[]): SQL {
  const campaign = scope.campaignId ? sql`and x.campaign_id = ${scope.campaignId}` : sql``;
  const parts = raw.map(
    ([s, e]) => sql`select x.campaign_id, x.created_at, x.attempt_no, x.lead_timezone, x.status, x.result,
        x.outcome, x.provider, x.duration_seconds, x.cost_cents
      from public.calls x
      where x.org_id = ${scope.orgId} ${campaign} and x.created_at >= ${ts(s)} and x.created_at < ${ts(e)}`,
  );
  return sql`(${sql.join(parts, sql` union all `)}) c`;
}

function rawEmails(scope: Scope, raw: readonly Window[]): SQL {
  const campaign = scope.campaignId ? sql`and x.campaign_id = ${scope.campaignId}` : sql``;
  const parts = raw.map(
    ([s, e]) => sql`select x.campaign_id, x.created_at, x.kind, x.status
      from public.emails x
      where x.org_id = ${scope.orgId} ${campaign} and x.created_at >= ${ts(s)} and x.created_at < ${ts(e)}`,
  );
  return sql`(${sql.join(parts, sql` union all `)}) e`;
}

/**
 * The rows to aggregate for an hourly plan, each with a key: rollup hours, raw calls and raw emails
 * in the plan's raw windows. `key` maps the table alias and its time column to the grouping key.
 */
function hourlySource(
  scope: Scope,
  p: HourPlan,
  key: (alias: string, time: string) => SQL,
  { byCampaign = false }: { byCampaign?: boolean } = {},
): SQL {
  const parts: SQL[] = [];
  const campaign = (alias: string) =>
    scope.campaignId ? sql`and ${sql.raw(alias)}.campaign_id = ${scope.campaignId}` : sql``;
  if (p.hourStart < p.hourEnd) {
    const skip = p.skip.length
      ? sql`and r.hour not in (${sql.join(
          p.skip.map((h) => ts(h)),
          sql`, `,
        )})`
      : sql``;
    // The whole organization's figures read its own hours, not every campaign's.
    const table =
      scope.campaignId || byCampaign ? sql.raw("public.report_hourly") : sql.raw("public.report_org_hourly");
    parts.push(sql`select ${key("r", "hour")} as k, ${cols(COUNTERS, "r.")} from ${table} r
      where r.org_id = ${scope.orgId} ${campaign("r")}
        and r.hour >= ${ts(p.hourStart)} and r.hour < ${ts(p.hourEnd)} ${skip}`);
  }
  if (p.raw.length) {
    parts.push(sql`select ${key("c", "created_at")} as k, ${cols(CALL_COUNTERS, "f.")}, ${zeros(EMAIL_COUNTERS)}
      from ${rawCalls(scope, p.raw)}
      cross join lateral private.call_report_facts(c.status, c.result, c.outcome, c.provider,
        c.duration_seconds, c.cost_cents) f`);
    parts.push(sql`select ${key("e", "created_at")} as k, ${zeros(CALL_COUNTERS)}, ${cols(EMAIL_COUNTERS, "f.")}
      from ${rawEmails(scope, p.raw)}
      cross join lateral private.email_report_facts(e.kind, e.status) f`);
  }
  if (!parts.length) return sql`select null::text as k, ${zeros(COUNTERS)} where false`;
  return sql.join(parts, sql` union all `);
}

function toCounts(row: Record<string, unknown>): Counts {
  const out = { ...ZERO_COUNTS };
  for (const c of COUNTERS) out[c] = Number(row[c] ?? 0);
  return out;
}

/** Totals over a range. */
export async function reportTotals(tx: Tx, scope: Scope & { plan: HourPlan }): Promise<Counts> {
  const src = hourlySource(scope, scope.plan, () => sql`0`);
  const [row] = rowsOf<Record<string, unknown>>(await tx.execute(sql`select ${sums} from (${src}) x`));
  return toCounts(row ?? {});
}

/** Per local day in `zone` (the plan must be made with the same zone). */
export async function reportByDay(
  tx: Tx,
  scope: Scope & { plan: HourPlan; zone: string },
): Promise<{ day: string; counts: Counts }[]> {
  const src = hourlySource(
    scope,
    scope.plan,
    (a, t) => sql`to_char(${sql.raw(`${a}.${t}`)} at time zone ${scope.zone}, 'YYYY-MM-DD')`,
  );
  const rows = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`select k, ${sums} from (${src}) x group by k order by k`),
  );
  return rows.map((r) => ({ day: String(r.k), counts: toCounts(r) }));
}

/** Per campaign (follow-up emails of no campaign are left out), with the campaign's name. */
export async function reportByCampaign(
  tx: Tx,
  scope: { orgId: string; plan: HourPlan },
): Promise<{ campaignId: string; name: string; simulator: boolean; counts: Counts }[]> {
  const src = hourlySource(scope, scope.plan, (a) => sql.raw(`${a}.campaign_id`), { byCampaign: true });
  const rows = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`select x.k::text as k, k2.name, k2.voice_provider = 'simulator' as simulator, ${sums}
      from (${src}) x join public.campaigns k2 on k2.id = x.k and k2.org_id = ${scope.orgId}
      group by x.k, k2.name, k2.voice_provider order by k2.name`),
  );
  return rows.map((r) => ({
    campaignId: String(r.k),
    name: String(r.name),
    simulator: Boolean(r.simulator),
    counts: toCounts(r),
  }));
}

export type HeatCell = { dow: number; hour: number; placed: number; ended: number; answered: number };

/**
 * Calls by the lead's local ISO weekday (1 = Monday) and hour. A campaign's come from its days
 * (a `DayPlan`); the organization's from its hours, so an hourly plan leaves less to read raw.
 */
export async function reportLeadHours(
  tx: Tx,
  scope: Scope & { plan: DayPlan | HourPlan },
): Promise<HeatCell[]> {
  const p = scope.plan;
  const parts: SQL[] = [];
  const cells = sql`r.local_dow as dow, r.local_hour as hour, r.placed, r.ended, r.answered`;
  if ("dayStart" in p) {
    if (p.dayStart < p.dayEnd) {
      parts.push(
        scope.campaignId
          ? sql`select ${cells} from public.report_lead_hours r where r.org_id = ${scope.orgId}
              and r.campaign_id = ${scope.campaignId} and r.day >= ${p.dayStart}::date and r.day < ${p.dayEnd}::date`
          : sql`select ${cells} from public.report_org_lead_hours r where r.org_id = ${scope.orgId}
              and r.hour >= ${`${p.dayStart}T00:00:00Z`}::timestamptz and r.hour < ${`${p.dayEnd}T00:00:00Z`}::timestamptz`,
      );
    }
  } else {
    if (scope.campaignId) throw new Error("a campaign's lead hours are kept per day: pass a day plan");
    if (p.hourStart < p.hourEnd) {
      parts.push(sql`select ${cells} from public.report_org_lead_hours r where r.org_id = ${scope.orgId}
        and r.hour >= ${ts(p.hourStart)} and r.hour < ${ts(p.hourEnd)}`);
    }
  }
  if (p.raw.length) {
    parts.push(sql`select extract(isodow from c.created_at at time zone coalesce(c.lead_timezone, 'UTC'))::int as dow,
        extract(hour from c.created_at at time zone coalesce(c.lead_timezone, 'UTC'))::int as hour,
        f.placed, f.ended, f.answered
      from ${rawCalls(scope, p.raw)}
      cross join lateral private.call_report_facts(c.status, c.result, c.outcome, c.provider,
        c.duration_seconds, c.cost_cents) f`);
  }
  if (!parts.length) return [];
  const rows = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`select dow, hour, sum(placed)::float8 as placed, sum(ended)::float8 as ended,
      sum(answered)::float8 as answered from (${sql.join(parts, sql` union all `)}) x
      group by dow, hour having sum(placed) > 0 order by dow, hour`),
  );
  return rows.map((r) => ({
    dow: Number(r.dow),
    hour: Number(r.hour),
    placed: Number(r.placed),
    ended: Number(r.ended),
    answered: Number(r.answered),
  }));
}

export type AttemptRow = {
  attemptNo: number;
  placed: number;
  ended: number;
  answered: number;
  booked: number;
};

/** Calls by the lead's attempt number. */
export async function reportAttempts(tx: Tx, scope: Scope & { plan: DayPlan }): Promise<AttemptRow[]> {
  const p = scope.plan;
  const campaign = (a: string) =>
    scope.campaignId ? sql`and ${sql.raw(a)}.campaign_id = ${scope.campaignId}` : sql``;
  const parts: SQL[] = [];
  if (p.dayStart < p.dayEnd) {
    parts.push(sql`select r.attempt_no, r.placed, r.ended, r.answered, r.booked from public.report_attempts r
      where r.org_id = ${scope.orgId} ${campaign("r")} and r.day >= ${p.dayStart}::date and r.day < ${p.dayEnd}::date`);
  }
  if (p.raw.length) {
    parts.push(sql`select c.attempt_no, f.placed, f.ended, f.answered, f.booked
      from ${rawCalls(scope, p.raw)}
      cross join lateral private.call_report_facts(c.status, c.result, c.outcome, c.provider,
        c.duration_seconds, c.cost_cents) f`);
  }
  if (!parts.length) return [];
  const rows = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`select attempt_no, sum(placed)::float8 as placed, sum(ended)::float8 as ended,
      sum(answered)::float8 as answered, sum(booked)::float8 as booked from (${sql.join(parts, sql` union all `)}) x
      group by attempt_no having sum(placed) > 0 order by attempt_no`),
  );
  return rows.map((r) => ({
    attemptNo: Number(r.attempt_no),
    placed: Number(r.placed),
    ended: Number(r.ended),
    answered: Number(r.answered),
    booked: Number(r.booked),
  }));
}

/** What the "Get started" checklist needs: does the organization have these yet. */
export async function readSetupState(
  tx: Tx,
  { orgId }: { orgId: string },
): Promise<{ members: number; hasLeads: boolean; hasCampaigns: boolean; hasCalls: boolean }> {
  const [row] = rowsOf<{ members: number; leads: boolean; campaigns: boolean; calls: boolean }>(
    await tx.execute(sql`select
      (select count(*)::int from public.memberships where org_id = ${orgId}) as members,
      exists (select 1 from public.leads where org_id = ${orgId} and deleted_at is null) as leads,
      exists (select 1 from public.campaigns where org_id = ${orgId}) as campaigns,
      exists (select 1 from public.calls where org_id = ${orgId}) as calls`),
  );
  return {
    members: row?.members ?? 0,
    hasLeads: Boolean(row?.leads),
    hasCampaigns: Boolean(row?.campaigns),
    hasCalls: Boolean(row?.calls),
  };
}
