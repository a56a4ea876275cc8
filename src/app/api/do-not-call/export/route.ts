import { csvDownload } from "@/lib/next/csv-download";
import { currentContext } from "@/lib/next/request-auth";
import { exportDoNotCallCsv } from "@/lib/services/do-not-call/export-do-not-call";

export const dynamic = "force-dynamic";
// Streams the whole list in keyset batches: a long list takes seconds.
export const maxDuration = 60;

/** The organization's whole do-not-call list as CSV (any signed-in member; RLS scopes the rows). */
export async function GET() {
  const ctx = await currentContext();
  if (!ctx) return Response.json({ error: "Sign in first." }, { status: 401 });
  if (!ctx.org) return Response.json({ error: "Create or join an organization first." }, { status: 403 });
  const orgId = ctx.org.orgId;
  return csvDownload({
    user: ctx.user,
    orgId,
    name: "do-not-call",
    chunks: (tx) => exportDoNotCallCsv({ tx, orgId }),
  });
}
