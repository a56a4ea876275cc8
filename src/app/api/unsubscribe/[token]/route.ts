import { WEBHOOK_BODY_LIMITS, withWebhook } from "@/lib/next/with-webhook";
import { unsubscribeByToken } from "@/lib/services/email/unsubscribe";

export const dynamic = "force-dynamic";
// One insert.
export const maxDuration = 10;

/**
 * RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` here (the
 * email's `List-Unsubscribe-Post` header) without cookies or a page visit. No sign-in; the token
 * is the capability. 200 once the address is on the list (again: still 200), 404 for an unknown
 * token.
 */
export const POST = withWebhook<{ token: string }>(
  "one-click unsubscribe",
  { maxBytes: WEBHOOK_BODY_LIMITS.small },
  async ({ db, now, params }) => {
    const result = await unsubscribeByToken({ db, token: params.token, now });
    return Response.json({ ok: true, unsubscribed: true, added: result.added });
  },
);
