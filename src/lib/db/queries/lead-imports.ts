import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../client";
import { campaigns, leadImports } from "../schema";
import { descNullsLast } from "./order";

/**
 * Imports of an organization that were never committed (still staging, or abandoned by the tick),
 * most recently active first, for the import page to resume or discard. Walks
 * `lead_imports_unfinished_idx`.
 */
export async function listUnfinishedImports(tx: Tx, { orgId }: { orgId: string }) {
  const rows = await tx
    .select({
      id: leadImports.id,
      status: leadImports.status,
      campaignId: leadImports.campaignId,
      campaignName: campaigns.name,
      fileName: leadImports.fileName,
      fileBytes: leadImports.fileBytes,
      fileRows: leadImports.fileRows,
      fileFingerprint: leadImports.fileFingerprint,
      duplicateMode: leadImports.duplicateMode,
      options: leadImports.options,
      stagedRows: leadImports.stagedRows,
      lastActivityAt: leadImports.lastActivityAt,
    })
    .from(leadImports)
    .innerJoin(
      campaigns,
      and(eq(campaigns.id, leadImports.campaignId), eq(campaigns.orgId, leadImports.orgId)),
    )
    .where(and(eq(leadImports.orgId, orgId), inArray(leadImports.status, ["staging", "abandoned"])))
    .orderBy(descNullsLast(leadImports.lastActivityAt))
    .limit(20);
  return rows.map(({ status, ...row }) => ({ ...row, status: status as "staging" | "abandoned" }));
}

export type UnfinishedImport = Awaited<ReturnType<typeof listUnfinishedImports>>[number];
