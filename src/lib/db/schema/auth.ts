import { bigint, boolean, pgSchema, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Supabase's `auth.users`, as far as our foreign keys and queries need it. On Supabase the table
 * exists already; on PGlite and plain Postgres the bootstrap creates it. drizzle-kit never
 * generates it (schemaFilter is `public`).
 */
export const authSchema = pgSchema("auth");

export const authUsers = authSchema.table("users", {
  id: uuid("id").primaryKey(),
  email: text("email"),
  encryptedPassword: text("encrypted_password"),
  emailConfirmedAt: timestamp("email_confirmed_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }),
});

/** Built-in sign-in sessions (local and self-hosted only; created by the bootstrap). */
export const authSessions = authSchema.table("sessions", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull().defaultNow(),
  notAfter: timestamp("not_after", { withTimezone: true }).notNull(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  userAgent: text("user_agent"),
  ip: text("ip"),
});

/** Built-in sign-in attempts, for the login rate limit. */
export const authLoginAttempts = authSchema.table("login_attempts", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  email: text("email").notNull(),
  ip: text("ip"),
  succeeded: boolean("succeeded").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
