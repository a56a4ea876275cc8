/**
 * `npm run db:migrate`: applies supabase/migrations to the database at DATABASE_URL (self-hosted),
 * creating what Supabase would provide first. Refuses to bootstrap a real Supabase database:
 * use `supabase db push` there. Without DATABASE_URL it migrates the embedded database.
 */
import { env } from "../src/env";
import { openDb } from "../src/lib/db/client";
import { migrate } from "../src/lib/db/migrate";

const e = env();
const handle = e.DATABASE_URL
  ? await openDb({ kind: "postgres", url: e.DATABASE_URL, max: 1 })
  : await openDb({ kind: "pglite", dataDir: e.PGLITE_DIR });
try {
  const { applied } = await migrate(handle, { bootstrap: true });
  console.log(
    applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join("\n  ")}` : "Up to date.",
  );
} finally {
  await handle.close();
}
