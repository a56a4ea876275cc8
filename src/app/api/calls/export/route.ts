import { cookies } from "next/headers";
import { VIEWER_ZONE_COOKIE } from "@/components/app/viewer-zone-cookie";
import { csvDownload } from "@/lib/next/csv-download";
import { currentContext } from "@/lib/next/request-auth";
import { parseCallSearchParams, unreadableCallParams } from "@/lib/schemas/call-filters";
import { isTimeZone } from "@/lib/services/appointments/appointment-stats";
import { exportCallsCsv } from "@/lib/services/calls/export-calls";

export const dynamic = "force-dynamic";
// Streams every matching call in keyset batches: a large organization's takes a while.
export const maxDuration = 300;

/**
 * The calls the calls log shows for the same URL parameters, all of them (not one page), as CSV.
 * Any signed-in member; RLS scopes the rows. Days are the viewer's, as on the page. Unlike the page,
 * a filter it can't read is refused (422), not dropped: the export would hold more than was asked.
 */
export async function GET(request: Request) {
  const ctx = await currentContext();
  if (!ctx) return Response.json({ error: "Sign in first." }, { status: 401 });
  if (!ctx.org) return Response.json({ error: "Create or join an organization first." }, { status: 403 });
  const orgId = ctx.org.orgId;
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { filter } = parseCallSearchParams(params);
  const unreadable = unreadableCallParams(params, filter);
  if (unreadable.length > 0)
    return Response.json(
      { error: `These filters can't be read, so nothing was exported: ${unreadable.join(", ")}.` },
      { status: 422 },
    );
  const cookieZone = decodeURIComponent((await cookies()).get(VIEWER_ZONE_COOKIE)?.value ?? "");
  const zone = cookieZone && isTimeZone(cookieZone) ? cookieZone : "UTC";
  return csvDownload({
    user: ctx.user,
    orgId,
    name: "calls",
    chunks: (tx) => exportCallsCsv({ tx, orgId, filter, zone }),
  });
}
