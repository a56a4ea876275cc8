import { env } from "@/env";
import { getDbHandle } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { getQueue } from "@/lib/integrations/queue";
import { vapiAuthHeaders } from "@/lib/integrations/voice/vapi/verify-request";
import { logger } from "@/lib/logger";
import { acceptVapiEvent } from "@/lib/services/webhooks/accept-vapi-event";

export const dynamic = "force-dynamic";

/**
 * Vapi server messages (the assistant's server URL). Raw body: the HMAC covers it. 401 for a
 * missing or wrong signature/credential (nothing written), 422 for a body that is not a Vapi
 * message, 200 once stored and applied (or a duplicate, or a message type we do not act on),
 * 500 when applying failed: the event stays stored with its error.
 */
export async function POST(req: Request) {
  const rawBody = await req.text();
  try {
    const { db } = await getDbHandle();
    const result = await acceptVapiEvent({
      db,
      rawBody,
      headers: vapiAuthHeaders(req.headers),
      environmentSecret: env().VAPI_WEBHOOK_SECRET,
      now: new Date(),
      queue: getQueue(),
    });
    if (result.status === 500) return Response.json({ error: "Internal error." }, { status: 500 });
    return Response.json(result.duplicate ? { ok: true, duplicate: true } : { ok: true });
  } catch (error) {
    if (isAppError(error)) return Response.json({ error: error.message }, { status: error.status });
    logger.error("vapi webhook failed", { error: error instanceof Error ? error.message : "unknown" });
    return Response.json({ error: "Internal error." }, { status: 500 });
  }
}
