import { env } from "@/env";
import { getQueue } from "@/lib/integrations/queue";
import { vapiAuthHeaders } from "@/lib/integrations/voice/vapi/verify-request";
import { eventAnswer, WEBHOOK_BODY_LIMITS, withWebhook } from "@/lib/next/with-webhook";
import { acceptVapiEvent } from "@/lib/services/webhooks/accept-vapi-event";

export const dynamic = "force-dynamic";
// Vapi's server URL timeout is 20 s by default; storing an event takes milliseconds.
export const maxDuration = 20;

/**
 * Vapi server messages (the assistant's server URL). Raw body: the HMAC covers it. 401 for a
 * missing or wrong signature/credential (nothing written), 422 for a body that is not a Vapi
 * message, 200 once stored (or a duplicate, or a message type we do not act on): the event is
 * applied by its queued `apply-webhook-event` job (docs/decisions/0011-webhook-ingest.md).
 */
export const POST = withWebhook(
  "vapi webhook",
  { maxBytes: WEBHOOK_BODY_LIMITS.voice },
  async ({ request, rawBody, db, now }) =>
    eventAnswer(
      await acceptVapiEvent({
        db,
        rawBody,
        headers: vapiAuthHeaders(request.headers),
        environmentSecret: env().VAPI_WEBHOOK_SECRET,
        now,
        queue: getQueue(),
      }),
    ),
);
