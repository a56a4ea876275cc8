import "server-only";
import { mkdirSync } from "node:fs";
import type { ExtractTablesWithRelations, Logger } from "drizzle-orm";
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

/** `logger` sees every statement Drizzle sends, with its parameters (tests read query plans with it). */
export type DbOptions = (
  | { kind: "pglite"; dataDir?: string }
  | { kind: "postgres"; url: string; max?: number; prepare?: boolean }
) & { logger?: Logger };

/** Opens a database. PGlite: file-backed when dataDir is given, in memory otherwise. */
export async function openDb(options: DbOptions): Promise<DbHandle> {
  if (options.kind === "pglite") return openPglite(options.dataDir, options.logger);
  return openPostgres(options.url, options.max ?? 10, options.prepare ?? true, options.logger);
}

async function openPglite(dataDir: string | undefined, logger: Logger | undefined): Promise<DbHandle> {
  // Loaded from node_modules at run time, out of the bundler's and the file tracer's sight: only
  // local mode opens PGlite (from a checkout that has node_modules), and a hosted server function
  // must not carry its 20 MB WASM build. The instrumentation hook's trace, which every function
  // carries, ignores outputFileTracingExcludes (next.js#92616), so ignoring it here is the one way.
  // Drizzle's PGlite driver comes the same way because it imports PGlite itself.
  const [{ PGlite }, { pg_trgm }, { citext }, { drizzle }] = await Promise.all([
    import(/* turbopackIgnore: true */ "@electric-sql/pglite"),
    import(/* turbopackIgnore: true */ "@electric-sql/pglite/contrib/pg_trgm"),
    import(/* turbopackIgnore: true */ "@electric-sql/pglite/contrib/citext"),
    import(/* turbopackIgnore: true */ "drizzle-orm/pglite"),
  ]);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Extensions load only when passed here; `create extension` in a migration then succeeds.
  const client = await PGlite.create({ dataDir, extensions: { pg_trgm, citext } });
  const db = drizzle({ client, schema, casing: "snake_case", logger }) as unknown as Database;
  return {
    kind: "pglite",
    db,
    async execScript(text) {
      await client.transaction(async (tx) => {
        await tx.exec(text);
      });
    },
    async query<T>(text: string, params: unknown[] = []) {
      // Timestamps as text, as on postgres-js, so rowsOf parses them the same way on both.
      return rowsOf<T>(await client.query(text, params, { parsers: TIMESTAMPS_AS_TEXT }));
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

async function openPostgres(
  url: string,
  max: number,
  prepare: boolean,
  logger: Logger | undefined,
): Promise<DbHandle> {
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
  const db = drizzle({ client, schema, casing: "snake_case", logger }) as unknown as Database;
  return {
    kind: "postgres",
    db,
    async execScript(text) {
      await client.begin(async (tx) => {
        await tx.unsafe(text);
      });
    },
    async query<T>(text: string, params: unknown[] = []) {
      return rowsOf<T>(await client.unsafe(text, params as never[]));
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

const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const TIMESTAMPS_AS_TEXT = { [TIMESTAMPTZ]: (text: string) => text, [TIMESTAMP]: (text: string) => text };

type Described = { name: string; type: number };

/** The result's columns with their type oids: postgres-js `columns`, PGlite `fields`. */
function describedColumns(result: unknown): Described[] {
  const { columns, fields } = result as {
    columns?: { name: string; type: number }[];
    fields?: { name: string; dataTypeID: number }[];
  };
  if (columns) return columns;
  return fields?.map((f) => ({ name: f.name, type: f.dataTypeID })) ?? [];
}

/**
 * The rows of a raw statement (`tx.execute(sql...)` or `DbHandle.query`), the same on both drivers:
 * postgres-js returns the rows, PGlite `{ rows }`. Timestamp columns come back as Dates. Drizzle
 * turns the drivers' own date parsing off (its column mappers parse the text instead), so raw SQL
 * would otherwise see text on both drivers, while `DbHandle.query` saw Dates on PGlite only; the
 * one parse is here, found by the column's type, so no caller re-wraps `new Date(...)`. A timestamp
 * inside JSON (`json_build_object`) stays the string JSON has.
 */
export function rowsOf<T>(result: unknown): T[] {
  const rows = (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as Record<
    string,
    unknown
  >[];
  const stamps = describedColumns(result)
    .filter((c) => c.type === TIMESTAMPTZ || c.type === TIMESTAMP)
    .map((c) => c.name);
  if (stamps.length === 0) return rows as T[];
  for (const row of rows) {
    for (const name of stamps) {
      const value = row[name];
      if (typeof value === "string") row[name] = parseTimestamp(value);
    }
  }
  return rows as T[];
}

// ISO DateStyle, as Postgres prints it: `2026-12-03 15:00:00.123456+00`, `1890-01-01 00:00:00-04:56:02`,
// `0044-03-15 12:00:00+00 BC`; timestamps without zone have no offset and are read as UTC.
const TIMESTAMP_TEXT =
  /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?)?( BC)?$/;

/**
 * A timestamp as Postgres prints it (ISO DateStyle), as a Date (to the millisecond). `infinity` and
 * `-infinity` become the latest and earliest instants a Date holds, so they still sort right.
 */
export function parseTimestamp(text: string): Date {
  if (text === "infinity") return new Date(8.64e15);
  if (text === "-infinity") return new Date(-8.64e15);
  const m = TIMESTAMP_TEXT.exec(text);
  if (!m) throw new Error(`Not a timestamp in Postgres's ISO format: "${text}"`);
  const n = (i: number) => Number(m[i] ?? 0);
  const at = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  at.setUTCFullYear(m[12] ? 1 - n(1) : n(1), n(2) - 1, n(3));
  at.setUTCHours(n(4), n(5), n(6), Number((m[7] ?? ".").slice(1, 4).padEnd(3, "0")));
  const offsetSeconds = (m[8] === "-" ? -1 : 1) * (n(9) * 3600 + n(10) * 60 + n(11));
  return new Date(at.getTime() - offsetSeconds * 1000);
}
