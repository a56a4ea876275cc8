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

async function defaultDb(): Promise<Database> {
  return (await getDbHandle()).db;
}

/**
 * Runs `fn` in one transaction as the user: `role authenticated` and `request.jwt.claims` set
 * locally, exactly as PostgREST does, so row-level security applies to every query inside.
 */
export async function withUser<T>(user: UserClaims, fn: (tx: Tx) => Promise<T>, db?: Database): Promise<T> {
  const database = db ?? (await defaultDb());
  return database.transaction(async (tx) => {
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
  });
}

/** Runs `fn` in one transaction as an anonymous visitor (`role anon`): RLS hides everything. */
export async function withAnon<T>(fn: (tx: Tx) => Promise<T>, db?: Database): Promise<T> {
  const database = db ?? (await defaultDb());
  return database.transaction(async (tx) => {
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
  return database.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'service_role', true)`);
    return fn(tx);
  });
}
