import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { leadImportRows, leadImports } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "../organizations/roles";

/**
 * Drops an import that was never committed (staging, or abandoned by the tick) with all its
 * staged rows; nothing of it had reached the leads.
 */
export async function cancelImport({ tx, actor, importId }: { tx: Tx; actor: Actor; importId: string }) {
  const [row] = await tx
    .update(leadImports)
    .set({ status: "cancelled", completedAt: sql`now()` })
    .where(
      and(
        eq(leadImports.orgId, actor.orgId),
        eq(leadImports.id, importId),
        inArray(leadImports.status, ["staging", "abandoned"]),
      ),
    )
    .returning({ id: leadImports.id });
  if (!row) throw new AppError("not_found", "There is no unfinished import with that id to discard.");
  await tx
    .delete(leadImportRows)
    .where(and(eq(leadImportRows.orgId, actor.orgId), eq(leadImportRows.importId, importId)));
}
