import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { IS_SUPABASE_SQL, SUPABASE_SHIM_SQL } from "./bootstrap";
import type { DbHandle } from "./client";

// The migrations are read from the project folder at run time (local and self-hosted), never bundled.
// Every filesystem call on them carries `turbopackIgnore`: a path the tracer cannot resolve makes it
// trace the whole project into every server function. next.config.ts ships supabase/migrations with
// the functions instead, and `node scripts/check-traces.mjs --check` keeps it that way in CI.
export const MIGRATIONS_DIR = path.join(/* turbopackIgnore: true */ process.cwd(), "supabase", "migrations");

export type MigrateResult = { applied: string[]; bootstrapped: boolean };

/**
 * Applies supabase/migrations/*.sql in name order, each once, recording them in the table the
 * Supabase CLI uses (`supabase_migrations.schema_migrations`), so a database migrated here and
 * one pushed with `supabase db push` agree on what has run. With `bootstrap`, first creates what
 * Supabase provides (refusing on a real Supabase database).
 */
export async function migrate(
  handle: DbHandle,
  options: { bootstrap: boolean; dir?: string } = { bootstrap: true },
): Promise<MigrateResult> {
  const dir = options.dir ?? MIGRATIONS_DIR;
  const files = (await readdir(/* turbopackIgnore: true */ dir))
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort();

  {
    let bootstrapped = false;
    if (options.bootstrap) {
      const [row] = await handle.query<{ supabase: boolean }>(IS_SUPABASE_SQL);
      if (row?.supabase) {
        throw new Error(
          "This database is a Supabase project: apply migrations with `supabase db push`, not the bootstrap.",
        );
      }
      await handle.execScript(SUPABASE_SHIM_SQL);
      bootstrapped = true;
    }
    await handle.execScript(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key, statements text[], name text
      );`);
    const done = new Set(
      (
        await handle.query<{ version: string }>("select version from supabase_migrations.schema_migrations")
      ).map((r) => r.version),
    );
    const applied: string[] = [];
    for (const file of files) {
      const match = /^(\d+)_(.+)\.sql$/.exec(file);
      if (!match) continue;
      const [, version, name] = match;
      if (!version || !name || done.has(version)) continue;
      const text = await readFile(path.join(/* turbopackIgnore: true */ dir, file), "utf8");
      const record = `insert into supabase_migrations.schema_migrations (version, name) values ('${version}', '${name.replace(/'/g, "''")}');`;
      try {
        // The version row goes in first: when two processes migrate at once, the second blocks on
        // the primary key until the first commits, then fails with a unique violation and skips.
        await handle.execScript(`${record}\n${text}`);
      } catch (error) {
        if ((error as { code?: string }).code === "23505") continue;
        throw new Error(`Migration ${file} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(file);
    }
    return { applied, bootstrapped };
  }
}
