import { env } from "@/env";
import { getDbHandle } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { getQueue } from "@/lib/integrations/queue";
import { simulatorWebhookKey } from "@/lib/integrations/voice/simulator/simulator";
import { logger } from "@/lib/logger";
import { acceptRetellEvent } from "@/lib/services/webhooks/accept-retell-event";

export const dynamic = "force-dynamic";

/**
 * Retell call webhooks (and the simulator's, in the same format). Raw body: the signature covers
 * it. 401 for a bad signature (nothing written), 422 for a body that is not a Retell webhook, 200
 * once stored and applied (or a duplicate), 500 when applying failed: the event stays stored with
 * its error and Retell's redelivery applies it again.
 */
export async function POST(req: Request) {
  const rawBody = await req.text();
  try {
    const { db } = await getDbHandle();
    const result = await acceptRetellEvent({
      db,
      rawBody,
      signature: req.headers.get("x-retell-signature"),
      keys: { environmentKey: env().RETELL_API_KEY, simulatorKey: simulatorWebhookKey() },
      now: new Date(),
      queue: getQueue(),
    });
    if (result.status === 500) return Response.json({ error: "Internal error." }, { status: 500 });
    return Response.json(result.duplicate ? { ok: true, duplicate: true } : { ok: true });
  } catch (error) {
    if (isAppError(error)) return Response.json({ error: error.message }, { status: error.status });
    logger.error("retell webhook failed", { error: error instanceof Error ? error.message : "unknown" });
    return Response.json({ error: "Internal error." }, { status: 500 });
  }
}
