import { sql } from "drizzle-orm";
import {
  boolean,
  foreignKey,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { authUsers } from "./auth";
import { calls } from "./dialer";
import { campaigns, leads } from "./leads";
import { appointments } from "./providers";
import { organizations } from "./tenancy";

/** The follow-ups a lead can earn, plus a test send to oneself from the template editor. */
export const EMAIL_KINDS = ["confirmation", "missed_call", "not_interested", "reminder", "test"] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];
export const emailKind = pgEnum("email_kind", EMAIL_KINDS);

/**
 * queued (row written, send job queued) -> sent (Resend accepted) | outboxed (local mode: stored and
 * shown, never sent) | failed; then delivered | bounced | complained from Resend's webhooks.
 * skipped: not sent on purpose, with the reason (do-not-call, no address, bounced, template off).
 */
export const EMAIL_STATUSES = [
  "queued",
  "sent",
  "outboxed",
  "delivered",
  "bounced",
  "complained",
  "failed",
  "skipped",
] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
export const emailStatus = pgEnum("email_status", EMAIL_STATUSES);

export const emailTransport = pgEnum("email_transport", ["resend", "outbox"]);

/**
 * Every email the organization sent or would have sent. `dedupe_key` (`<kind>/<call or appointment
 * id>/<lead id>`) is unique per organization: a follow-up is written once before it is sent, so
 * duplicate outcome events and queue redeliveries cannot send it twice; it is also Resend's
 * `Idempotency-Key`.
 */
export const emails = pgTable(
  "emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    leadId: uuid("lead_id"),
    callId: uuid("call_id").references(() => calls.id, { onDelete: "set null" }),
    appointmentId: uuid("appointment_id").references(() => appointments.id, { onDelete: "set null" }),
    campaignId: uuid("campaign_id").references(() => campaigns.id, { onDelete: "set null" }),
    kind: emailKind("kind").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    transport: emailTransport("transport").notNull(),
    status: emailStatus("status").notNull().default("queued"),
    /** Why it was skipped or failed, or the bounce/complaint detail. */
    reason: text("reason"),
    toAddress: text("to_address"),
    fromAddress: text("from_address").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    providerMessageId: text("provider_message_id"),
    /** The capability in the unsubscribe link (random, base64url); works without signing in. */
    unsubscribeToken: text("unsubscribe_token").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("emails_org_id_dedupe_key_key").on(t.orgId, t.dedupeKey),
    uniqueIndex("emails_unsubscribe_token_key").on(t.unsubscribeToken),
    uniqueIndex("emails_provider_message_id_key")
      .on(t.providerMessageId)
      .where(sql`provider_message_id is not null`),
    // The outbox, newest first (listEmailsPage orders by the same two columns).
    index("emails_org_id_created_at_idx").on(t.orgId, t.createdAt.desc(), t.id.desc()),
    index("emails_lead_id_idx").on(t.leadId),
    index("emails_call_id_idx").on(t.callId),
    foreignKey({ columns: [t.leadId, t.orgId], foreignColumns: [leads.id, leads.orgId] }).onDelete("cascade"),
  ],
).enableRLS();

/** An organization's wording for each follow-up; a kind without a row uses the shipped default. */
export const emailTemplates = pgTable(
  "email_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    kind: emailKind("kind").notNull(),
    subject: text("subject").notNull(),
    /** Plain text with `{{variable}}` placeholders and blank-line paragraphs; rendered with React Email. */
    body: text("body").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    updatedBy: uuid("updated_by").references(() => authUsers.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("email_templates_org_id_kind_key").on(t.orgId, t.kind)],
).enableRLS();

export const emailSuppressionReason = pgEnum("email_suppression_reason", [
  "unsubscribed",
  "bounced",
  "complained",
  "manual",
]);

/**
 * The do-not-contact list for email: addresses that get nothing from this organization again
 * (the unsubscribe link, a hard bounce, a spam complaint). Checked before every send.
 */
export const emailSuppressions = pgTable(
  "email_suppressions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** Lower-cased. */
    email: text("email").notNull(),
    reason: emailSuppressionReason("reason").notNull(),
    /** The email whose link, bounce or complaint put the address here. */
    emailId: uuid("email_id").references(() => emails.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("email_suppressions_org_id_email_key").on(t.orgId, t.email)],
).enableRLS();
