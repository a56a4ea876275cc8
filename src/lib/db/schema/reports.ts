import {
  bigint,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { organizations } from "./tenancy";

/*
 * Rollups of calls and follow-up emails for the dashboard and a campaign's Results tab
 * (docs/decisions/0014-report-rollups.md). Statement triggers on `calls` and `emails` keep them
 * current in the transaction that changes the row (supabase/migrations/20261208170300_report_rollups_triggers.sql),
 * so they are never behind; the report queries read the raw rows only for the part of a period
 * that does not cover a whole bucket. No foreign key to campaigns: a campaign's deletion cascades
 * to its calls, whose delete trigger takes their counts back out.
 */

const counter = (name: string) => integer(name).notNull().default(0);

/** The counters of the hourly rollups (what private.call_report_facts and email_report_facts give). */
function counters() {
  return {
    placed: counter("placed"),
    simulated: counter("simulated"),
    inFlight: counter("in_flight"),
    ended: counter("ended"),
    answered: counter("answered"),
    voicemail: counter("voicemail"),
    noAnswer: counter("no_answer"),
    busy: counter("busy"),
    failed: counter("failed"),
    conversations: counter("conversations"),
    booked: counter("booked"),
    talkSeconds: bigint("talk_seconds", { mode: "number" }).notNull().default(0),
    talkCalls: counter("talk_calls"),
    costCents: bigint("cost_cents", { mode: "number" }).notNull().default(0),
    costed: counter("costed"),
    emailsSent: counter("emails_sent"),
    emailsOutboxed: counter("emails_outboxed"),
    emailsDelivered: counter("emails_delivered"),
    emailsBounced: counter("emails_bounced"),
  };
}

/** Per organization, campaign and UTC hour of `created_at`. Email rows may have no campaign. */
export const reportHourly = pgTable(
  "report_hourly",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid("campaign_id"),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    ...counters(),
  },
  (t) => [
    unique("report_hourly_key").on(t.orgId, t.campaignId, t.hour).nullsNotDistinct(),
    // The organization's whole dashboard reads a range of hours across its campaigns.
    index("report_hourly_org_id_hour_idx").on(t.orgId, t.hour),
  ],
).enableRLS();

/**
 * The same counters per organization and UTC hour, all campaigns together: the dashboard without a
 * campaign filter reads one row per hour here instead of one per campaign and hour.
 */
export const reportOrgHourly = pgTable(
  "report_org_hourly",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    ...counters(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.hour] })],
).enableRLS();

/** Per organization, campaign, UTC day, and the lead's local weekday (ISO, 1 = Monday) and hour. */
export const reportLeadHours = pgTable(
  "report_lead_hours",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid("campaign_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    localDow: smallint("local_dow").notNull(),
    localHour: smallint("local_hour").notNull(),
    placed: counter("placed"),
    ended: counter("ended"),
    answered: counter("answered"),
  },
  (t) => [
    unique("report_lead_hours_key").on(t.orgId, t.campaignId, t.day, t.localDow, t.localHour),
    index("report_lead_hours_org_id_day_idx").on(t.orgId, t.day),
  ],
).enableRLS();

/** Lead-local weekday and hour per organization and UTC hour, all campaigns together: the dashboard's heatmap. */
export const reportOrgLeadHours = pgTable(
  "report_org_lead_hours",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** The UTC hour: for one hour and one lead zone the local weekday and hour are fixed, so an hour has a row per zone called. */
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    localDow: smallint("local_dow").notNull(),
    localHour: smallint("local_hour").notNull(),
    placed: counter("placed"),
    ended: counter("ended"),
    answered: counter("answered"),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.hour, t.localDow, t.localHour] })],
).enableRLS();

/** Per organization, campaign, UTC day and attempt number. */
export const reportAttempts = pgTable(
  "report_attempts",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid("campaign_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    attemptNo: integer("attempt_no").notNull(),
    placed: counter("placed"),
    ended: counter("ended"),
    answered: counter("answered"),
    booked: counter("booked"),
  },
  (t) => [unique("report_attempts_key").on(t.orgId, t.campaignId, t.day, t.attemptNo)],
).enableRLS();
