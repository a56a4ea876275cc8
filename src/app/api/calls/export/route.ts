import { cookies } from "next/headers";
import { VIEWER_ZONE_COOKIE } from "@/app/(dashboard)/appointments/_components/viewer-zone-cookie";
import { withUser } from "@/lib/db/with-user";
import { logger } from "@/lib/logger";
import { currentContext } from "@/lib/next/request-auth";
import { parseCallSearchParams } from "@/lib/schemas/call-filters";
import { isTimeZone } from "@/lib/services/appointments/appointment-stats";
import { exportCallsCsv } from "@/lib/services/calls/export-calls";

export const dynamic = "force-dynamic";
// Streams every matching call in keyset batches: a large organization's takes a while.
export const maxDuration = 300;

/**
 * The calls the calls log shows for the same URL parameters, all of them (not one page), as CSV.
 * Any signed-in member; RLS scopes the rows. Days are the viewer's, as on the page.
 */
export async function GET(request: Request) {
  const ctx = await currentContext();
  if (!ctx) return Response.json({ error: "Sign in first." }, { status: 401 });
  if (!ctx.org) return Response.json({ error: "Create or join an organization first." }, { status: 403 });
  const { user } = ctx;
  const orgId = ctx.org.orgId;
  const { filter } = parseCallSearchParams(Object.fromEntries(new URL(request.url).searchParams));
  const cookieZone = decodeURIComponent((await cookies()).get(VIEWER_ZONE_COOKIE)?.value ?? "");
  const zone = cookieZone && isTimeZone(cookieZone) ? cookieZone : "UTC";
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        await withUser(user, async (tx) => {
          for await (const chunk of exportCallsCsv({ tx, orgId, filter, zone }))
            controller.enqueue(encoder.encode(chunk));
        });
        controller.close();
      } catch (error) {
        logger.error("calls export failed", {
          orgId,
          error: error instanceof Error ? error.message : "unknown",
        });
        controller.error(error);
      }
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="calls-${date}.csv"`,
      "cache-control": "no-store",
    },
  });
}
