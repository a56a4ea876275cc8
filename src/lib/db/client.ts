import "server-only";
import { mkdirSync } from "node:fs";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** A connection to one database: Drizzle on top, and the raw SQL the migrator needs. */
export interface DbHandle {
  kind: "pglite" | "postgres";
  db: Database;
  /** Runs a multi-statement SQL script (simple protocol) in one transaction. */
  execScript(sql: string): Promise<void>;
  /** Runs one parameterised statement outside Drizzle; returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** `copy <table> (<columns>) from stdin` with tab-separated text (bulk loads, benchmarks). */
  copyIn(table: string, columns: string[], tsv: string): Promise<void>;
  close(): Promise<void>;
}

export type DbOptions =
  | { kind: "pglite"; dataDir?: string }
  | { kind: "postgres"; url: string; max?: number; prepare?: boolean };

/** Opens a database. PGlite: file-backed when dataDir is given, in memory otherwise. */
export async function openDb(options: DbOptions): Promise<DbHandle> {
  if (options.kind === "pglite") return openPglite(options.dataDir);
  return openPostgres(options.url, options.max ?? 10, options.prepare ?? true);
}

async function openPglite(dataDir: string | undefined): Promise<DbHandle> {
  const [{ PGlite }, { pg_trgm }, { citext }, { drizzle }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("@electric-sql/pglite/contrib/citext"),
    import("drizzle-orm/pglite"),
  ]);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Extensions load only when passed here; `create extension` in a migration then succeeds.
  const client = await PGlite.create({ dataDir, extensions: { pg_trgm, citext } });
  const db = drizzle({ client, schema, casing: "snake_case" }) as unknown as Database;
  return {
    kind: "pglite",
    db,
    async execScript(text) {
      await client.transaction(async (tx) => {
        await tx.exec(text);
      });
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as T[];
    },
    async copyIn(table, columns, tsv) {
      // PGlite reads COPY data from a blob mounted at /dev/blob.
      await client.query(`copy ${table} (${columns.join(", ")}) from '/dev/blob'`, [], {
        blob: new Blob([tsv]),
      });
    },
    async close() {
      await client.close();
    },
  };
}

async function openPostgres(url: string, max: number, prepare: boolean): Promise<DbHandle> {
  const [{ default: postgres }, { drizzle }] = await Promise.all([
    import("postgres"),
    import("drizzle-orm/postgres-js"),
  ]);
  // Supabase's transaction pooler does not support prepared statements: pass prepare=false there.
  const client = postgres(url, {
    max,
    prepare,
    onnotice: () => {},
    connection: { application_name: "dialer" },
  });
  const db = drizzle({ client, schema, casing: "snake_case" }) as unknown as Database;
  return {
    kind: "postgres",
    db,
    async execScript(text) {
      await client.begin(async (tx) => {
        await tx.unsafe(text);
      });
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await client.unsafe(text, params as never[])) as unknown as T[];
    },
    async copyIn(table, columns, tsv) {
      const stream = await client.unsafe(`copy ${table} (${columns.join(", ")}) from stdin`).writable();
      await new Promise<void>((resolve, reject) => {
        stream.on("error", reject);
        stream.on("finish", () => resolve());
        stream.end(tsv);
      });
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

/** Drizzle's `execute` returns the rows on postgres-js and `{ rows }` on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
