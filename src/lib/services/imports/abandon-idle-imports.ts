import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";
import { IMPORT_LIMITS } from "@/lib/schemas/lead-import";

/**
 * Staging imports with no activity for `IMPORT_LIMITS.abandonAfterHours` (a closed browser, a
 * server that died mid-upload) are marked abandoned and their staged rows freed, in every
 * organization. The import page lists them to resume or discard. Run by the tick.
 */
export async function abandonIdleImports({
  db,
  now,
}: {
  db: Database;
  now: Date;
}): Promise<{ imports: number; rows: number }> {
  const hours = IMPORT_LIMITS.abandonAfterHours;
  const [result] = rowsOf<{ imports: number; rows: number }>(
    await withService(
      (tx) =>
        tx.execute(sql`
          with idle as (
            update public.lead_imports
            set status = 'abandoned', error = ${`no activity for ${hours} hours`}
            where status = 'staging'
              and last_activity_at < ${now.toISOString()}::timestamptz - make_interval(hours => ${hours})
            returning id, org_id
          ),
          freed as (
            delete from public.lead_import_rows r
            using idle i
            where r.import_id = i.id and r.org_id = i.org_id
            returning 1
          )
          select (select count(*) from idle)::int as imports, (select count(*) from freed)::int as rows`),
      db,
    ),
  );
  return { imports: Number(result?.imports ?? 0), rows: Number(result?.rows ?? 0) };
}
