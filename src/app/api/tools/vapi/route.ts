import { env } from "@/env";
import { getDbHandle } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { vapiAuthHeaders } from "@/lib/integrations/voice/vapi/verify-request";
import { logger } from "@/lib/logger";
import { acceptVapiTool } from "@/lib/services/tools/accept-vapi-tool";
import { runTool } from "@/lib/services/tools/run-tool";

export const dynamic = "force-dynamic";

/**
 * Vapi `tool-calls` (check_availability, book_appointment, schedule_callback, mark_do_not_call),
 * the tools' `server.url`. Authenticated like the webhooks: 401 and nothing done without a valid
 * signature or credential. Answers 200 `{ results: [{ toolCallId, name, result | error }] }`.
 */
export async function POST(req: Request) {
  const rawBody = await req.text();
  try {
    const { db } = await getDbHandle();
    const answer = await acceptVapiTool({
      db,
      rawBody,
      headers: vapiAuthHeaders(req.headers),
      environmentSecret: env().VAPI_WEBHOOK_SECRET,
      now: new Date(),
      runTool,
    });
    return Response.json(answer);
  } catch (error) {
    if (isAppError(error)) return Response.json({ error: error.message }, { status: error.status });
    logger.error("vapi tool route failed", { error: error instanceof Error ? error.message : "unknown" });
    return Response.json({ error: "Internal error." }, { status: 500 });
  }
}
