import { env } from "@/env";
import { getQueue } from "@/lib/integrations/queue";
import { eventAnswer, WEBHOOK_BODY_LIMITS, withWebhook } from "@/lib/next/with-webhook";
import { acceptCalcomEvent } from "@/lib/services/calendar/accept-calcom-event";

export const dynamic = "force-dynamic";
// A booking event is a few statements under one lock.
export const maxDuration = 15;

/**
 * Cal.com booking webhooks. Subscriber URL: `/api/webhooks/calcom?org=<organization id>` (the
 * `org` tells whose webhook secret to check; without it only bookings we made, which carry our
 * organization id in their metadata, or the environment's CALCOM_WEBHOOK_SECRET can be verified).
 * Raw body: the signature covers it. 401 for a bad or missing signature (nothing written), 422 for
 * a body that is not a Cal.com webhook, 200 once stored and applied (or a duplicate), 500 when
 * applying failed (stored with its error and queued to apply again).
 */
export const POST = withWebhook(
  "calcom webhook",
  { maxBytes: WEBHOOK_BODY_LIMITS.small },
  async ({ request, rawBody, db, now }) =>
    eventAnswer(
      await acceptCalcomEvent({
        db,
        rawBody,
        signature: request.headers.get("x-cal-signature-256"),
        orgParam: new URL(request.url).searchParams.get("org"),
        environmentSecret: env().CALCOM_WEBHOOK_SECRET,
        now,
        queue: getQueue(),
      }),
    ),
);
