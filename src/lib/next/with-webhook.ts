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
 * Body limits. No provider documents a maximum. A Retell `call_analyzed` of an hour-long call
 * (its longest) carries the transcript three times (text, word-timed object, with tool calls):
 * about 1 MB, and a Vapi end-of-call report carries its messages twice; 4 MB leaves room and stays
 * under Vercel's 4.5 MB request cap. Email and calendar events are a few kilobytes.
 */
export const WEBHOOK_BODY_LIMITS = { voice: 4 * 1024 * 1024, small: 1024 * 1024 } as const;

/**
 * The body as text, or null once it is over `maxBytes`: refused from Content-Length when it says
 * so, else counted while it streams in and abandoned at the limit, so an oversized body is never
 * buffered whole (it is read before its signature can be checked).
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<string | null> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(maxBytes: number): Response {
  const size = maxBytes >= 1024 * 1024 ? `${maxBytes / 1024 / 1024} MB` : `${maxBytes / 1024} KB`;
  return Response.json({ error: `The body is larger than ${size}.` }, { status: 413 });
}

/**
 * The one wrapper for routes that outside services call without a session (provider webhooks,
 * in-call tools, one-click unsubscribe): it reads the raw body (413 past `maxBytes`, before
 * anything else), opens the database and reads the clock, then maps errors in one place: an
 * AppError answers with its status and message (401 for a bad signature, 422 for a foreign body),
 * anything else 500 with a log line that names the route, never internals. Cron and queue routes
 * use `withCron` / `withQstash` instead.
 */
export function withWebhook<P = Record<string, never>>(
  route: string,
  options: { maxBytes: number },
  handler: (input: WebhookInput<P>) => Promise<Response>,
) {
  return async (request: Request, context?: RouteContext<P>): Promise<Response> => {
    const rawBody = await readLimitedBody(request, options.maxBytes);
    if (rawBody === null) {
      logger.warn(`${route}: body over the limit refused`, { maxBytes: options.maxBytes });
      return tooLarge(options.maxBytes);
    }
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
