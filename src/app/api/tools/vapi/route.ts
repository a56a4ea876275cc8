import { env } from "@/env";
import { vapiAuthHeaders } from "@/lib/integrations/voice/vapi/verify-request";
import { WEBHOOK_BODY_LIMITS, withWebhook } from "@/lib/next/with-webhook";
import { acceptVapiTool } from "@/lib/services/tools/accept-vapi-tool";
import { runTool } from "@/lib/services/tools/run-tool";

export const dynamic = "force-dynamic";
// Vapi waits 20 s for a tool by default; a booking may wait on Cal.com (10 s timeout).
export const maxDuration = 20;

/**
 * Vapi `tool-calls` (check_availability, book_appointment, schedule_callback, mark_do_not_call),
 * the tools' `server.url`. Authenticated like the webhooks: 401 and nothing done without a valid
 * signature or credential. Answers 200 `{ results: [{ toolCallId, name, result | error }] }`.
 */
export const POST = withWebhook(
  "vapi tool route",
  { maxBytes: WEBHOOK_BODY_LIMITS.voice },
  async ({ request, rawBody, db, now }) =>
    Response.json(
      await acceptVapiTool({
        db,
        rawBody,
        headers: vapiAuthHeaders(request.headers),
        environmentSecret: env().VAPI_WEBHOOK_SECRET,
        now,
        runTool,
      }),
    ),
);
