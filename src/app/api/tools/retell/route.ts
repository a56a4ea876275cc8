import { env } from "@/env";
import { simulatorWebhookKey } from "@/lib/integrations/voice/simulator/simulator";
import { WEBHOOK_BODY_LIMITS, withWebhook } from "@/lib/next/with-webhook";
import { acceptRetellTool } from "@/lib/services/tools/accept-retell-tool";
import { runTool } from "@/lib/services/tools/run-tool";

export const dynamic = "force-dynamic";
// A tool may wait on Cal.com (10 s timeout) inside its booking; Retell waits up to 120 s, the agent's caller not that long.
export const maxDuration = 30;

/**
 * Retell custom functions (check_availability, book_appointment, schedule_callback,
 * mark_do_not_call). Signed like the webhooks: 401 and nothing done without a valid
 * `x-retell-signature`. Answers `{ result }` or `{ error }`; Retell gives the body to the LLM.
 */
export const POST = withWebhook(
  "retell tool route",
  { maxBytes: WEBHOOK_BODY_LIMITS.voice },
  async ({ request, rawBody, db, now }) =>
    Response.json(
      await acceptRetellTool({
        db,
        rawBody,
        signature: request.headers.get("x-retell-signature"),
        keys: { environmentKey: env().RETELL_API_KEY, simulatorKey: simulatorWebhookKey() },
        now,
        runTool,
      }),
    ),
);
