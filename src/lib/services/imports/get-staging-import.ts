import { and, eq } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { leadImports } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { IMPORT_LIMITS, type ImportSetup, importSetupSchema } from "@/lib/schemas/lead-import";

/** An import of the organization that is still open for rows, with its setup; locks it when asked. */
export async function getStagingImport(
  tx: Tx,
  { orgId, importId, lock }: { orgId: string; importId: string; lock?: boolean },
) {
  const query = tx
    .select()
    .from(leadImports)
    .where(and(eq(leadImports.orgId, orgId), eq(leadImports.id, importId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new AppError("not_found", "That import does not exist.");
  if (row.status === "abandoned") {
    throw new AppError(
      "conflict",
      `This import was set aside after ${IMPORT_LIMITS.abandonAfterHours} hours without activity and its checked rows were freed: resume or discard it on the import page.`,
    );
  }
  if (row.status !== "staging") {
    throw new AppError("conflict", `This import is already ${row.status}; start a new one to import again.`);
  }
  const options = row.options as {
    headers: string[];
    mapping: ImportSetup["mapping"];
    bulkConsent?: ImportSetup["bulkConsent"];
  };
  const setup = importSetupSchema.parse({ campaignId: row.campaignId, ...options });
  return { record: row, setup };
}
