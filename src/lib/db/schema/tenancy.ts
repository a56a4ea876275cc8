import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { authUsers } from "./auth";

export const memberRole = pgEnum("member_role", ["owner", "admin", "member"]);

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const organizations = pgTable("organizations", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  /** ISO 3166-1 alpha-2 country used for phone numbers written without a country code. */
  defaultCountry: text("default_country").notNull().default("US"),
  /** IANA zone used when a lead's own zone can't be found. */
  defaultTimezone: text("default_timezone").notNull().default("America/New_York"),
  /**
   * When meetings can be booked in the built-in calendar, in `default_timezone`: ISO weekdays
   * (1 = Monday) and minutes after local midnight.
   */
  businessHours: jsonb("business_hours")
    .$type<{ days: number[]; startMinute: number; endMinute: number }>()
    .notNull()
    .default({ days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020 }),
  /** Length of a booked meeting in minutes (built-in calendar). */
  appointmentMinutes: integer("appointment_minutes").notNull().default(30),
  /** A number where a lead can reach the business and ask not to be called (the agent says it). */
  callbackNumber: text("callback_number"),
  ...timestamps,
}).enableRLS();

export const profiles = pgTable("profiles", {
  id: uuid("id")
    .primaryKey()
    .references(() => authUsers.id, { onDelete: "cascade" }),
  email: text("email").notNull(),
  fullName: text("full_name"),
  ...timestamps,
}).enableRLS();

export const memberships = pgTable(
  "memberships",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => authUsers.id, { onDelete: "cascade" }),
    role: memberRole("role").notNull().default("member"),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index("memberships_user_id_idx").on(t.userId)],
).enableRLS();

export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: memberRole("role").notNull().default("member"),
    /** sha256 of the token in the invite link; the token itself is never stored. */
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: uuid("invited_by").references(() => authUsers.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("invitations_org_id_idx").on(t.orgId),
    index("invitations_pending_email_idx")
      .on(t.orgId, sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  ],
).enableRLS();

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").references(() => authUsers.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    /** How many rows a bulk action touched (leads trashed, moved, erased...). */
    count: integer("count"),
    /** The lead filter a bulk action ran on; null when it named its rows by id. */
    filter: jsonb("filter").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // The audit page reads newest first, with the id breaking ties of one transaction.
  (t) => [
    index("audit_log_org_id_created_at_idx").on(t.orgId, t.createdAt.desc(), t.id.desc()),
    // The activity feed filtered by person (docs/decisions/0016-review-activity.md).
    index("audit_log_org_id_actor_id_created_at_idx").on(t.orgId, t.actorId, t.createdAt.desc(), t.id.desc()),
  ],
).enableRLS();
