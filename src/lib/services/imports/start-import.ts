import type { Tx } from "@/lib/db/client";
import { leadImports } from "@/lib/db/schema";
import type { StartImportInput } from "@/lib/schemas/lead-import";
import type { Actor } from "../organizations/roles";
import { loadImportContext } from "./normalize-rows";

/**
 * Opens an import: nothing reaches `leads` until `commitImport`, so an interrupted upload leaves
 * only a staging record, which the tick abandons after hours without activity
 * (`abandonIdleImports`).
 */
export async function startImport({ tx, actor, input }: { tx: Tx; actor: Actor; input: StartImportInput }) {
  await loadImportContext(tx, { orgId: actor.orgId, campaignId: input.setup.campaignId });
  const [row] = await tx
    .insert(leadImports)
    .values({
      orgId: actor.orgId,
      campaignId: input.setup.campaignId,
      fileName: input.file.name,
      fileBytes: input.file.bytes,
      fileRows: input.file.rows,
      fileFingerprint: input.file.fingerprint,
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
