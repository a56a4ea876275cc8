import { env } from "@/env";
import { getQueue } from "@/lib/integrations/queue";
import { simulatorWebhookKey } from "@/lib/integrations/voice/simulator/simulator";
import { eventAnswer, WEBHOOK_BODY_LIMITS, withWebhook } from "@/lib/next/with-webhook";
import { acceptRetellEvent } from "@/lib/services/webhooks/accept-retell-event";

export const dynamic = "force-dynamic";
// Retell waits 10 s for a 2xx, then redelivers (up to 3 times); storing an event takes milliseconds.
export const maxDuration = 15;

/**
 * Retell call webhooks (and the simulator's, in the same format). Raw body: the signature covers
 * it. 401 for a bad signature (nothing written), 422 for a body that is not a Retell webhook, 200
 * once stored (or a duplicate): the event is applied by its queued `apply-webhook-event` job, whose
 * failures the queue retries (docs/decisions/0011-webhook-ingest.md).
 */
export const POST = withWebhook(
  "retell webhook",
  { maxBytes: WEBHOOK_BODY_LIMITS.voice },
  async ({ request, rawBody, db, now }) =>
    eventAnswer(
      await acceptRetellEvent({
        db,
        rawBody,
        signature: request.headers.get("x-retell-signature"),
        keys: { environmentKey: env().RETELL_API_KEY, simulatorKey: simulatorWebhookKey() },
        now,
        queue: getQueue(),
      }),
    ),
);
