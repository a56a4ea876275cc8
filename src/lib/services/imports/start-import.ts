import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { leadImportRows, leadImports } from "@/lib/db/schema";
import type { StartImportInput } from "@/lib/schemas/lead-import";
import type { Actor } from "../organizations/roles";
import { loadImportContext } from "./normalize-rows";

/** Staged imports nobody committed within this time are dropped (their staging rows with them). */
export const STALE_IMPORT_HOURS = 24;

/**
 * Opens an import: nothing reaches `leads` until `commitImport`, so an abandoned upload leaves
 * nothing behind but a staging record that expires.
 */
export async function startImport({ tx, actor, input }: { tx: Tx; actor: Actor; input: StartImportInput }) {
  await loadImportContext(tx, { orgId: actor.orgId, campaignId: input.setup.campaignId });
  const stale = await tx
    .update(leadImports)
    .set({ status: "cancelled", error: "abandoned before it was committed" })
    .where(
      and(
        eq(leadImports.orgId, actor.orgId),
        eq(leadImports.status, "staging"),
        lt(leadImports.createdAt, sql`now() - make_interval(hours => ${STALE_IMPORT_HOURS})`),
      ),
    )
    .returning({ id: leadImports.id });
  if (stale.length > 0) {
    await tx.delete(leadImportRows).where(
      and(
        eq(leadImportRows.orgId, actor.orgId),
        inArray(
          leadImportRows.importId,
          stale.map((s) => s.id),
        ),
      ),
    );
  }
  const [row] = await tx
    .insert(leadImports)
    .values({
      orgId: actor.orgId,
      campaignId: input.setup.campaignId,
      fileName: input.fileName,
      duplicateMode: input.duplicateMode,
      options: {
        headers: input.setup.headers,
        mapping: input.setup.mapping,
        bulkConsent: input.setup.bulkConsent,
      },
      createdBy: actor.userId,
    })
    .returning({ id: leadImports.id });
  if (!row) throw new Error("insert into lead_imports returned nothing");
  return { importId: row.id };
}
