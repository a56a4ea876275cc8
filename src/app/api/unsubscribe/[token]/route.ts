import { getDbHandle } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { unsubscribeByToken } from "@/lib/services/email/unsubscribe";

export const dynamic = "force-dynamic";

/**
 * RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` here (the
 * email's `List-Unsubscribe-Post` header) without cookies or a page visit. No sign-in; the token
 * is the capability. 200 once the address is on the list (again: still 200), 404 for an unknown
 * token.
 */
export async function POST(_req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  try {
    const { db } = await getDbHandle();
    const result = await unsubscribeByToken({ db, token, now: new Date() });
    return Response.json({ ok: true, unsubscribed: true, added: result.added });
  } catch (error) {
    if (isAppError(error)) return Response.json({ error: error.message }, { status: error.status });
    logger.error("one-click unsubscribe failed", {
      error: error instanceof Error ? error.message : "unknown",
    });
    return Response.json({ error: "Internal error." }, { status: 500 });
  }
}
