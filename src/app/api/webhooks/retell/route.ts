import { env } from "@/env";
import { getDbHandle } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { getQueue } from "@/lib/integrations/queue";
import { simulatorWebhookKey } from "@/lib/integrations/voice/simulator/simulator";
import { logger } from "@/lib/logger";
import { acceptRetellEvent } from "@/lib/services/webhooks/accept-retell-event";

export const dynamic = "force-dynamic";

/** Retell call webhooks (and the simulator's, in the same format). Raw body: the signature covers it. */
export async function POST(req: Request) {
  const rawBody = await req.text();
  try {
    const { db } = await getDbHandle();
    const result = await acceptRetellEvent({
      db,
      rawBody,
      signature: req.headers.get("x-retell-signature"),
      keys: [env().RETELL_API_KEY, simulatorWebhookKey()],
      now: new Date(),
      queue: getQueue(),
    });
    return Response.json(result.duplicate ? { ok: true, duplicate: true } : { ok: true });
  } catch (error) {
    if (isAppError(error)) return Response.json({ error: error.message }, { status: error.status });
    logger.error("retell webhook failed", { error: error instanceof Error ? error.message : "unknown" });
    return Response.json({ error: "Internal error." }, { status: 500 });
  }
}
