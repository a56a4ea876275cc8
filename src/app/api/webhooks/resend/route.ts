import { env } from "@/env";
import { getDbHandle } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { getQueue } from "@/lib/integrations/queue";
import { logger } from "@/lib/logger";
import { acceptResendEvent } from "@/lib/services/email/accept-resend-event";

export const dynamic = "force-dynamic";

/**
 * Resend delivery events (delivered, bounced, complained, failed, ...), signed with Svix headers
 * over the raw body. 401 for a missing or bad signature or no RESEND_WEBHOOK_SECRET (nothing
 * written), 422 for a body that is not a Resend event, 200 once stored and applied (or a
 * duplicate), 500 when applying failed: Resend retries and the retry applies it.
 */
export async function POST(req: Request) {
  const rawBody = await req.text();
  try {
    const { db } = await getDbHandle();
    const result = await acceptResendEvent({
      db,
      rawBody,
      headers: {
        id: req.headers.get("svix-id"),
        timestamp: req.headers.get("svix-timestamp"),
        signature: req.headers.get("svix-signature"),
      },
      secret: env().RESEND_WEBHOOK_SECRET,
      now: new Date(),
      queue: getQueue(),
    });
    if (result.status === 500) return Response.json({ error: "Internal error." }, { status: 500 });
    return Response.json(result.duplicate ? { ok: true, duplicate: true } : { ok: true });
  } catch (error) {
    if (isAppError(error)) return Response.json({ error: error.message }, { status: error.status });
    logger.error("resend webhook failed", { error: error instanceof Error ? error.message : "unknown" });
    return Response.json({ error: "Internal error." }, { status: 500 });
  }
}
