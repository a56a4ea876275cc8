import type { Tx } from "@/lib/db/client";
import type { CsvRow, ImportSetup } from "@/lib/schemas/lead-import";
import type { Actor } from "../organizations/roles";
import { loadImportContext, normalizeCsvRows } from "./normalize-rows";

/** The first rows as they would be imported, with their problems, before anything is written. */
export async function previewImport({
  tx,
  actor,
  setup,
  rows,
}: {
  tx: Tx;
  actor: Actor;
  setup: ImportSetup;
  rows: CsvRow[];
}) {
  const ctx = await loadImportContext(tx, { orgId: actor.orgId, campaignId: setup.campaignId });
  return normalizeCsvRows(setup, rows, ctx).map((r) =>
    r.ok
      ? { row: r.row, ok: true as const, lead: r.lead, warnings: r.warnings }
      : { row: r.row, ok: false as const, reason: r.reason },
  );
}
