import { defineConfig } from "drizzle-kit";

// Migrations land in supabase/migrations with Supabase's timestamp prefix, so `supabase db push`
// applies the very files our own migrator applies to PGlite and plain Postgres.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/lib/db/schema/index.ts",
  out: "./supabase/migrations",
  schemaFilter: ["public"],
  migrations: { prefix: "supabase" },
  casing: "snake_case",
});
