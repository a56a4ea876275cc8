import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import type { Actor } from "../organizations/roles";
import { getStagingImport } from "./get-staging-import";

/** Drops an import that has not been committed, with all its staged rows. */
export async function cancelImport({ tx, actor, importId }: { tx: Tx; actor: Actor; importId: string }) {
  await getStagingImport(tx, { orgId: actor.orgId, importId, lock: true });
  await tx.execute(
    sql`delete from public.lead_import_rows where import_id = ${importId} and org_id = ${actor.orgId}`,
  );
  await tx.execute(sql`
    update public.lead_imports set status = 'cancelled', completed_at = now()
    where id = ${importId} and org_id = ${actor.orgId}`);
}
