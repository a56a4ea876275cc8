import { sql } from "drizzle-orm";
import {
  bigint,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { CALL_OUTCOMES, CALL_RESULTS, CALL_STATUSES } from "../../dialer/call-states";
import { campaigns, leads, voiceProvider } from "./leads";
import { organizations } from "./tenancy";

/** queued (claimed, not yet sent) -> dialing (provider accepted) -> live (answered) -> ended. */
export const callStatus = pgEnum("call_status", CALL_STATUSES);
/** How the call ended, normalized from the provider's raw reason. */
export const callResult = pgEnum("call_result", CALL_RESULTS);
/** What the conversation achieved. */
export const callOutcome = pgEnum("call_outcome", CALL_OUTCOMES);

/**
 * The text the calls log's search matches: the summary and the transcript, as one English
 * tsvector. The GIN index is on this expression (not a stored column: no rewrite of a table of a
 * million calls, nothing kept twice), so a query must name it exactly; `callSearchMatches` does.
 */
export const callSearchDocument = sql`to_tsvector('english'::regconfig, coalesce(summary, '') || ' ' || coalesce(transcript, ''))`;

/**
 * One row per attempt, written in the claim transaction before any provider request, so a lead
 * can never be dialed twice for the same attempt (`calls_lead_id_attempt_no_key`).
 */
export const calls = pgTable(
  "calls",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid("campaign_id").notNull(),
    leadId: uuid("lead_id").notNull(),
    /** The lead's attempt number this call is (1-based). */
    attemptNo: integer("attempt_no").notNull(),
    /**
     * Which attempt toward the campaign's limit this call is (the lead's `attempts` once claimed):
     * what the UI calls "attempt N". It starts again at 1 after a reset to pending, while
     * `attempt_no` keeps numbering the lead's calls (the order late reports are judged by).
     * Null for calls placed before it existed.
     */
    leadAttempt: integer("lead_attempt"),
    status: callStatus("status").notNull().default("queued"),
    provider: voiceProvider("provider").notNull(),
    /** Provider account the call counts against (its concurrency cap), e.g. `retell:env`. */
    providerAccount: text("provider_account").notNull(),
    providerCallId: text("provider_call_id"),
    agentId: text("agent_id"),
    toNumber: text("to_number").notNull(),
    /** The lead's IANA zone when the call was placed (filled from the lead on insert): reports count in it. */
    leadTimezone: text("lead_timezone"),
    fromNumber: text("from_number"),
    /** Variables passed to the agent beyond the lead's own fields (scheduled calls' context). */
    context: jsonb("context").$type<Record<string, string>>().notNull().default({}),
    result: callResult("result"),
    outcome: callOutcome("outcome"),
    /** The provider's end reason exactly as sent (Retell `disconnection_reason`, Vapi `endedReason`). */
    providerReason: text("provider_reason"),
    /** When the lead asked to be called back (outcome `callback`). */
    callbackAt: timestamp("callback_at", { withTimezone: true }),
    durationSeconds: integer("duration_seconds"),
    /** Cost in US cents (Retell reports cents, Vapi dollars). */
    costCents: integer("cost_cents"),
    summary: text("summary"),
    transcript: text("transcript"),
    /** Turn by turn, where the provider gives it: `[{ role: "agent" | "user", text }]`. */
    transcriptTurns: jsonb("transcript_turns").$type<{ role: "agent" | "user"; text: string }[]>(),
    recordingUrl: text("recording_url"),
    analysis: jsonb("analysis").$type<Record<string, unknown>>(),
    /** Why dispatch or the reconciler closed the call without a provider result. */
    error: text("error"),
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** Past this, the reconciler asks the provider what became of the call. */
    deadlineAt: timestamp("deadline_at", { withTimezone: true }).notNull(),
    /** Set once the result has been applied to the lead: the same event twice changes nothing. */
    outcomeAppliedAt: timestamp("outcome_applied_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("calls_lead_id_attempt_no_key").on(t.leadId, t.attemptNo),
    unique("calls_id_org_id_key").on(t.id, t.orgId),
    uniqueIndex("calls_provider_call_id_key").on(t.provider, t.providerCallId),
    // The calls lists, newest first: the whole organization, one campaign's, one lead's. Each ends
    // in the id the ORDER BY ends in, so a page is an index walk (src/lib/db/queries/order.ts).
    index("calls_org_id_created_at_idx").on(t.orgId, t.createdAt.desc(), t.id.desc()),
    index("calls_campaign_id_created_at_idx").on(t.campaignId, t.createdAt.desc(), t.id.desc()),
    index("calls_lead_id_created_at_idx").on(t.leadId, t.createdAt.desc(), t.id.desc()),
    // The calls log's full-text search over summaries and transcripts (docs/decisions/0015-calls-log-live.md).
    index("calls_search_idx").using("gin", callSearchDocument),
    // The live pages' change marker: the organization's calls changed since a recent instant.
    index("calls_org_id_updated_at_idx").on(t.orgId, t.updatedAt),
    // Live calls per campaign and per provider account (free slots), and the reconciler's scan.
    index("calls_open_campaign_idx").on(t.campaignId).where(sql`status <> 'ended'`),
    index("calls_open_account_idx").on(t.providerAccount).where(sql`status <> 'ended'`),
    index("calls_open_deadline_idx").on(t.deadlineAt).where(sql`status <> 'ended'`),
    // A campaign's spend (its page, the claim's spend cap) read from the index alone, not by
    // visiting every call of the campaign.
    index("calls_org_id_campaign_id_cost_idx").on(t.orgId, t.campaignId, t.costCents),
    foreignKey({
      columns: [t.campaignId, t.orgId],
      foreignColumns: [campaigns.id, campaigns.orgId],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.leadId, t.orgId],
      foreignColumns: [leads.id, leads.orgId],
    }).onDelete("cascade"),
  ],
).enableRLS();

/**
 * Every accepted inbound webhook, stored once: a provider's retry of the same event hits the
 * unique key and is acknowledged without being applied again.
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    provider: text("provider").notNull(),
    /** The provider's identity for the event, e.g. `<call_id>:call_ended` for Retell. */
    eventKey: text("event_key").notNull(),
    type: text("type").notNull(),
    /** Resolved from the payload's metadata; null when it names no call of ours. */
    orgId: uuid("org_id").references(() => organizations.id, { onDelete: "cascade" }),
    callId: uuid("call_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    error: text("error"),
  },
  (t) => [
    unique("webhook_events_provider_event_key_key").on(t.provider, t.eventKey),
    index("webhook_events_org_id_received_at_idx").on(t.orgId, t.receivedAt.desc()),
    index("webhook_events_call_id_idx").on(t.callId),
    // Events tied to no call of ours (Cal.com, Resend, refused bodies): an erase reads these
    // payloads for the person's details; the call events it finds by call_id.
    index("webhook_events_unlinked_idx").on(t.orgId).where(sql`call_id is null`),
    // Events stored but not yet applied (their apply job is queued, or was lost): the tick's
    // sweep reads the old ones. A handful of rows at any time, whatever the table's size.
    index("webhook_events_unapplied_idx").on(t.receivedAt).where(sql`processed_at is null`),
  ],
).enableRLS();
