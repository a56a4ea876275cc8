import { env } from "@/env";
import { getDbHandle } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { getQueue } from "@/lib/integrations/queue";
import { logger } from "@/lib/logger";
import { acceptCalcomEvent } from "@/lib/services/calendar/accept-calcom-event";

export const dynamic = "force-dynamic";

/**
 * Cal.com booking webhooks. Subscriber URL: `/api/webhooks/calcom?org=<organization id>` (the
 * `org` tells whose webhook secret to check; without it only bookings we made, which carry our
 * organization id in their metadata, or the environment's CALCOM_WEBHOOK_SECRET can be verified).
 * Raw body: the signature covers it. 401 for a bad or missing signature (nothing written), 422 for
 * a body that is not a Cal.com webhook, 200 once stored and applied (or a duplicate), 500 when
 * applying failed (stored with its error and queued to apply again).
 */
export async function POST(req: Request) {
  const rawBody = await req.text();
  try {
    const { db } = await getDbHandle();
    const result = await acceptCalcomEvent({
      db,
      rawBody,
      signature: req.headers.get("x-cal-signature-256"),
      orgParam: new URL(req.url).searchParams.get("org"),
      environmentSecret: env().CALCOM_WEBHOOK_SECRET,
      now: new Date(),
      queue: getQueue(),
    });
    if (result.status === 500) return Response.json({ error: "Internal error." }, { status: 500 });
    return Response.json(result.duplicate ? { ok: true, duplicate: true } : { ok: true });
  } catch (error) {
    if (isAppError(error)) return Response.json({ error: error.message }, { status: error.status });
    logger.error("calcom webhook failed", { error: error instanceof Error ? error.message : "unknown" });
    return Response.json({ error: "Internal error." }, { status: 500 });
  }
}
