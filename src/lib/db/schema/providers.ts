import { sql } from "drizzle-orm";
import {
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
import { authUsers } from "./auth";
import { calls } from "./dialer";
import { campaigns, leads } from "./leads";
import { organizations } from "./tenancy";

/** External accounts an organization can connect with its own keys (docs/decisions/0004-voice-providers.md). */
export const credentialProvider = pgEnum("credential_provider", ["retell", "vapi", "calcom"]);

/**
 * An organization's own key for a provider, encrypted with AES-256-GCM under ENCRYPTION_KEY
 * (`src/lib/crypto/secret-box.ts`). Members may read the non-secret columns only (column grants
 * in the RLS migration); the ciphertexts are read and decrypted on the server by the service role.
 */
export const providerCredentials = pgTable(
  "provider_credentials",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    provider: credentialProvider("provider").notNull(),
    /** The API key, sealed: `v1.<iv>.<tag>.<ciphertext>` (base64url). */
    apiKeyCiphertext: text("api_key_ciphertext").notNull(),
    /** The last four characters of the key, to tell keys apart in the UI. */
    apiKeyHint: text("api_key_hint").notNull(),
    /** The secret inbound requests are verified with (Vapi HMAC secret, Cal.com webhook secret), sealed. */
    webhookSecretCiphertext: text("webhook_secret_ciphertext"),
    /** Non-secret settings: Vapi phone number id, Cal.com event type id, concurrency cap. */
    config: jsonb("config").$type<Record<string, string | number>>().notNull().default({}),
    updatedBy: uuid("updated_by").references(() => authUsers.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("provider_credentials_org_id_provider_key").on(t.orgId, t.provider)],
).enableRLS();

/** booked (confirmed) | pending (awaiting the host's confirmation) | cancelled | rescheduled (superseded). */
export const appointmentStatus = pgEnum("appointment_status", [
  "booked",
  "pending",
  "cancelled",
  "rescheduled",
  "completed",
  "no_show",
]);

/** Where a booking lives: Cal.com, or the built-in calendar (organization business hours). */
export const appointmentSource = pgEnum("appointment_source", ["calcom", "builtin"]);

/**
 * A meeting booked with a lead, during a call (the `book_appointment` tool) or linked from a
 * Cal.com booking. One live booking per call: `appointments_call_id_key` makes a retried tool
 * request find the first booking instead of making a second.
 */
export const appointments = pgTable(
  "appointments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    leadId: uuid("lead_id").notNull(),
    campaignId: uuid("campaign_id").references(() => campaigns.id, { onDelete: "set null" }),
    callId: uuid("call_id").references(() => calls.id, { onDelete: "set null" }),
    source: appointmentSource("source").notNull(),
    status: appointmentStatus("status").notNull().default("booked"),
    startAt: timestamp("start_at", { withTimezone: true }).notNull(),
    endAt: timestamp("end_at", { withTimezone: true }).notNull(),
    /** The lead's IANA zone the meeting was agreed in. */
    timezone: text("timezone").notNull(),
    title: text("title").notNull(),
    notes: text("notes"),
    calcomBookingUid: text("calcom_booking_uid"),
    calcomEventTypeId: integer("calcom_event_type_id"),
    /** For a rescheduled booking: the appointment that replaced it. */
    rescheduledToId: uuid("rescheduled_to_id"),
    cancellationReason: text("cancellation_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("appointments_id_org_id_key").on(t.id, t.orgId),
    uniqueIndex("appointments_calcom_booking_uid_key").on(t.orgId, t.calcomBookingUid),
    uniqueIndex("appointments_call_id_key")
      .on(t.callId)
      .where(sql`call_id is not null and status in ('booked', 'pending')`),
    // Upcoming (start_at, id ascending) walks it forwards, past (descending) backwards.
    index("appointments_org_id_start_at_idx").on(t.orgId, t.startAt, t.id),
    index("appointments_lead_id_idx").on(t.leadId),
    index("appointments_campaign_id_idx").on(t.campaignId),
    foreignKey({ columns: [t.leadId, t.orgId], foreignColumns: [leads.id, leads.orgId] }).onDelete("cascade"),
  ],
).enableRLS();
