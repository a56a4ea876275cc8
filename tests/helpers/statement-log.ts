import { type Logger, type SQL, sql } from "drizzle-orm";

export type LoggedStatement = { sql: string; params: unknown[] };

/**
 * Records the statements Drizzle sends while `record` runs: pass `logger` to `createTestDb`, then
 * `record(() => service(...))` returns the service's result and its statements, parameters
 * included (to count them, or to run them again under EXPLAIN).
 */
export function statementLog() {
  let recording: LoggedStatement[] | null = null;
  const logger: Logger = {
    logQuery(query, params) {
      recording?.push({ sql: query, params });
    },
  };
  async function record<T>(fn: () => Promise<T>): Promise<{ value: T; statements: LoggedStatement[] }> {
    const statements: LoggedStatement[] = [];
    recording = statements;
    try {
      return { value: await fn(), statements };
    } finally {
      recording = null;
    }
  }
  return { logger, record };
}

/** A logged statement with its parameters bound again, to run it (under EXPLAIN) as it was sent. */
export function rebound({ sql: text, params }: LoggedStatement): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  parts.forEach((part, i) => {
    chunks.push(i % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`);
  });
  return sql.join(chunks, sql.raw(""));
}
