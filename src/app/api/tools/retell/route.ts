import { env } from "@/env";
import { getDbHandle } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { simulatorWebhookKey } from "@/lib/integrations/voice/simulator/simulator";
import { logger } from "@/lib/logger";
import { acceptRetellTool } from "@/lib/services/tools/accept-retell-tool";
import { runTool } from "@/lib/services/tools/run-tool";

export const dynamic = "force-dynamic";

/**
 * Retell custom functions (check_availability, book_appointment, schedule_callback,
 * mark_do_not_call). Signed like the webhooks: 401 and nothing done without a valid
 * `x-retell-signature`. Answers `{ result }` or `{ error }`; Retell gives the body to the LLM.
 */
export async function POST(req: Request) {
  const rawBody = await req.text();
  try {
    const { db } = await getDbHandle();
    const answer = await acceptRetellTool({
      db,
      rawBody,
      signature: req.headers.get("x-retell-signature"),
      keys: { environmentKey: env().RETELL_API_KEY, simulatorKey: simulatorWebhookKey() },
      now: new Date(),
      runTool,
    });
    return Response.json(answer);
  } catch (error) {
    if (isAppError(error)) return Response.json({ error: error.message }, { status: error.status });
    logger.error("retell tool route failed", { error: error instanceof Error ? error.message : "unknown" });
    return Response.json({ error: "Internal error." }, { status: 500 });
  }
}
