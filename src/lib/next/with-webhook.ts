import { getDbHandle } from "@/lib/db";
import type { Database } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

type RouteContext<P> = { params: Promise<P> };

export type WebhookInput<P> = {
  request: Request;
  /** The body exactly as sent: signatures cover these bytes, so it is read once, before parsing. */
  rawBody: string;
  db: Database;
  /** When the request arrived: the one clock read for the whole delivery. */
  now: Date;
  params: P;
};

/** The answer for an event the service stored: 500 asks the sender to redeliver, else 200. */
export function eventAnswer(result: { status: number; duplicate?: boolean }): Response {
  if (result.status === 500) return Response.json({ error: "Internal error." }, { status: 500 });
  return Response.json(result.duplicate ? { ok: true, duplicate: true } : { ok: true });
}

/**
 * The one wrapper for routes that outside services call without a session (provider webhooks,
 * in-call tools, one-click unsubscribe): it reads the raw body, opens the database and reads the
 * clock, then maps errors in one place: an AppError answers with its status and message (401 for
 * a bad signature, 422 for a foreign body), anything else 500 with a log line that names the
 * route, never internals. Cron and queue routes use `withCron` / `withQstash` instead.
 */
export function withWebhook<P = Record<string, never>>(
  route: string,
  handler: (input: WebhookInput<P>) => Promise<Response>,
) {
  return async (request: Request, context?: RouteContext<P>): Promise<Response> => {
    const rawBody = await request.text();
    try {
      const { db } = await getDbHandle();
      const params = (context ? await context.params : {}) as P;
      return await handler({ request, rawBody, db, now: new Date(), params });
    } catch (error) {
      if (isAppError(error)) return Response.json({ error: error.message }, { status: error.status });
      logger.error(`${route} failed`, { error: error instanceof Error ? error.message : "unknown" });
      return Response.json({ error: "Internal error." }, { status: 500 });
    }
  };
}
