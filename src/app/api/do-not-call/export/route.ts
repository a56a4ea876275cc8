import { withUser } from "@/lib/db/with-user";
import { logger } from "@/lib/logger";
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
  const { user } = ctx;
  const orgId = ctx.org.orgId;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        await withUser(user, async (tx) => {
          for await (const chunk of exportDoNotCallCsv({ tx, orgId }))
            controller.enqueue(encoder.encode(chunk));
        });
        controller.close();
      } catch (error) {
        logger.error("do-not-call export failed", {
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
      "content-disposition": `attachment; filename="do-not-call-${date}.csv"`,
      "cache-control": "no-store",
    },
  });
}
