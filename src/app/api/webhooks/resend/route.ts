import { env } from "@/env";
import { getQueue } from "@/lib/integrations/queue";
import { eventAnswer, WEBHOOK_BODY_LIMITS, withWebhook } from "@/lib/next/with-webhook";
import { acceptResendEvent } from "@/lib/services/email/accept-resend-event";

export const dynamic = "force-dynamic";
// A delivery event is one small update; Resend retries anything that fails.
export const maxDuration = 15;

/**
 * Resend delivery events (delivered, bounced, complained, failed, ...), signed with Svix headers
 * over the raw body. 401 for a missing or bad signature or no RESEND_WEBHOOK_SECRET (nothing
 * written), 422 for a body that is not a Resend event, 200 once stored and applied (or a
 * duplicate), 500 when applying failed: Resend retries and the retry applies it.
 */
export const POST = withWebhook(
  "resend webhook",
  { maxBytes: WEBHOOK_BODY_LIMITS.small },
  async ({ request, rawBody, db, now }) =>
    eventAnswer(
      await acceptResendEvent({
        db,
        rawBody,
        headers: {
          id: request.headers.get("svix-id"),
          timestamp: request.headers.get("svix-timestamp"),
          signature: request.headers.get("svix-signature"),
        },
        secret: env().RESEND_WEBHOOK_SECRET,
        now,
        queue: getQueue(),
      }),
    ),
);
