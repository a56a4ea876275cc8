import { withUser } from "@/lib/db/with-user";
import { isAppError } from "@/lib/errors";
import { currentContext } from "@/lib/next/request-auth";
import { getImportReport, rejectedRowsCsv } from "@/lib/services/imports/get-import-report";

export const dynamic = "force-dynamic";
// Writes up to 200,000 rejected rows of one import as a CSV.
export const maxDuration = 60;

/** The rows of an import that did not land, as a CSV with a reason column (signed-in members). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await currentContext();
  if (!ctx?.org) return Response.json({ error: "Sign in first." }, { status: 401 });
  const orgId = ctx.org.orgId;
  if (!/^[0-9a-f-]{36}$/i.test(id)) return Response.json({ error: "Unknown import." }, { status: 404 });
  try {
    const report = await withUser(ctx.user, (tx) => getImportReport({ tx, orgId, importId: id }));
    const name = report.record.fileName.replace(/\.[^.]+$/, "").replace(/[^\w.-]+/g, "_");
    return new Response(rejectedRowsCsv(report), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}-not-imported.csv"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    if (isAppError(error)) return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }
}
