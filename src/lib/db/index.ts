import "server-only";
import { env } from "@/env";
import { type DbHandle, openDb } from "./client";
import { migrate } from "./migrate";

export type { Database, DbHandle, Tx } from "./client";

type DbState = { handle?: Promise<DbHandle> };
// Survives hot reloads in development: a second PGlite on the same directory would corrupt it.
const holder = globalThis as { __dialerDb?: DbState };
holder.__dialerDb ??= {};
const state: DbState = holder.__dialerDb;

/**
 * The process-wide database: PGlite under PGLITE_DIR in local mode (migrated on first use), or
 * Postgres at DATABASE_URL (migrated by `npm run db:migrate` or `supabase db push`). `progress`
 * hears about the embedded database's steps when this call is the one that opens it (boot).
 */
export function getDbHandle(
  progress: { onMigrating?: () => void; onMigrated?: (applied: number) => void } = {},
): Promise<DbHandle> {
  state.handle ??= (async () => {
    const e = env();
    if (!e.DATABASE_URL) {
      const handle = await openDb({ kind: "pglite", dataDir: e.PGLITE_DIR });
      progress.onMigrating?.();
      const { applied } = await migrate(handle, { bootstrap: true });
      progress.onMigrated?.(applied.length);
      return handle;
    }
    // Serverless functions each hold a small pool; Supabase's transaction pooler needs prepare=false.
    const hosted = e.mode === "hosted";
    return openDb({ kind: "postgres", url: e.DATABASE_URL, max: hosted ? 3 : 10, prepare: !hosted });
  })().catch((error) => {
    state.handle = undefined;
    throw error;
  });
  return state.handle;
}

/** Replaces the process-wide database (tests and scripts). */
export function setDbHandle(handle: DbHandle | undefined): void {
  state.handle = handle ? Promise.resolve(handle) : undefined;
}
