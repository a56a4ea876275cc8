import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Tx } from "./client";
import { getDbHandle } from "./index";

/** The verified identity of a signed-in user, as JWT claims (Supabase's shape). */
export type UserClaims = {
  sub: string;
  email: string;
  role: "authenticated";
};

/**
 * A failed statement's error names its parameters (Drizzle: "Failed query: …\nparams: …"), and
 * those are phone numbers, transcripts, search terms. Whoever logs the error (Next prints what a
 * page throws) gets the statement and the database's reason, never the values.
 */
export function redactQueryParams(error: unknown): unknown {
  if (!(error instanceof Error) || !error.message.includes("\nparams:")) return error;
  const redacted = error.message.replace(/\nparams:[\s\S]*$/, "\nparams: [redacted]");
  if (error.stack) error.stack = error.stack.replace(error.message, redacted);
  error.message = redacted;
  // Drizzle also keeps them as a property, which a logger's inspect would print.
  if ("params" in error) (error as { params: unknown }).params = "[redacted]";
  return error;
}

/**
 * `snapshot`: a read-only REPEATABLE READ transaction, so every statement in it sees the database
 * as of its first one. A page that shows figures from several statements (the campaign page: its
 * progress, who is in a call now, its latest calls) uses it so they cannot disagree; under READ
 * COMMITTED each statement sees what had committed when it started.
 */
export type TransactionOptions = { snapshot?: boolean };

/** Runs a transaction, redacting a failed statement's parameters from the error it throws. */
async function transaction<T>(
  database: Database,
  fn: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  try {
    return await database.transaction(
      fn,
      options.snapshot ? { isolationLevel: "repeatable read", accessMode: "read only" } : undefined,
    );
  } catch (error) {
    throw redactQueryParams(error);
  }
}

async function defaultDb(): Promise<Database> {
  return (await getDbHandle()).db;
}

/**
 * Runs `fn` in one transaction as the user: `role authenticated` and `request.jwt.claims` set
 * locally, exactly as PostgREST does, so row-level security applies to every query inside.
 */
export async function withUser<T>(
  user: UserClaims,
  fn: (tx: Tx) => Promise<T>,
  db?: Database,
  options?: TransactionOptions,
): Promise<T> {
  const database = db ?? (await defaultDb());
  return transaction(
    database,
    async (tx) => {
      const claims = JSON.stringify({
        sub: user.sub,
        email: user.email,
        role: "authenticated",
        aud: "authenticated",
      });
      await tx.execute(
        sql`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`,
      );
      return fn(tx);
    },
    options,
  );
}

/** Runs `fn` in one transaction as an anonymous visitor (`role anon`): RLS hides everything. */
export async function withAnon<T>(fn: (tx: Tx) => Promise<T>, db?: Database): Promise<T> {
  const database = db ?? (await defaultDb());
  return transaction(database, async (tx) => {
    await tx.execute(
      sql`select set_config('role', 'anon', true), set_config('request.jwt.claims', ${JSON.stringify({ role: "anon" })}, true)`,
    );
    return fn(tx);
  });
}

/**
 * Trusted work (sign-up, cron, queue, webhooks): one transaction as `service_role`, which
 * bypasses RLS but holds only the DML grants the migrations give it. Callers filter by `orgId`
 * explicitly in every query; nothing here scopes for them.
 */
export async function withService<T>(fn: (tx: Tx) => Promise<T>, db?: Database): Promise<T> {
  const database = db ?? (await defaultDb());
  return transaction(database, async (tx) => {
    await tx.execute(sql`select set_config('role', 'service_role', true)`);
    return fn(tx);
  });
}
