import { randomBytes } from "node:crypto";
import type { Logger } from "drizzle-orm";
import postgres from "postgres";
import { type DbHandle, openDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";

export type TestDbKind = "pglite" | "postgres";

/** PGlite always; the machine's Postgres too when TEST_DATABASE_URL is set. */
export function testDbKinds(): TestDbKind[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export type TestDb = DbHandle & { url?: string; destroy(): Promise<void> };

/**
 * A fresh, fully migrated database: in-memory PGlite, or a new database on the server at
 * TEST_DATABASE_URL (created here and dropped by `destroy`), so runs never see each other's rows.
 */
export async function createTestDb(
  kind: TestDbKind,
  options: { max?: number; logger?: Logger } = {},
): Promise<TestDb> {
  if (kind === "pglite") {
    const handle = await openDb({ kind: "pglite", logger: options.logger });
    await migrate(handle, { bootstrap: true });
    return { ...handle, destroy: () => handle.close() };
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("TEST_DATABASE_URL is not set");
  const name = `dialer_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDb({
    kind: "postgres",
    url: url.toString(),
    max: options.max ?? 5,
    logger: options.logger,
  });
  await migrate(handle, { bootstrap: true });
  return {
    ...handle,
    url: url.toString(),
    async destroy() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
