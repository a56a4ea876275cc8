import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/env";
import { verifyQstash } from "@/lib/integrations/queue/qstash/verify-qstash";
import { logger } from "@/lib/logger";

/**
 * The one gate for machine-called routes: cron ticks carry `Authorization: Bearer $CRON_SECRET`
 * (Vercel Cron, or a QStash schedule configured with that header), queue deliveries carry an
 * `Upstash-Signature` over their exact body. Anything else is answered before any work is done.
 */

type RouteContext<P> = { params: Promise<P> };

function problem(status: number, message: string, headers?: Record<string, string>): Response {
  return Response.json(
    { error: { message } },
    { status, headers: { "Cache-Control": "no-store", ...headers } },
  );
}

function sameSecret(given: string, expected: string): boolean {
  // Hash first: timingSafeEqual needs equal lengths, and the length must not leak either.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Whether the request carries `Authorization: Bearer $CRON_SECRET` (false when none is configured). */
export function hasCronSecret(request: Request): boolean {
  const secret = env().CRON_SECRET;
  if (!secret) return false;
  const header = request.headers.get("authorization") ?? "";
  const token = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
  return Boolean(token) && sameSecret(token, secret);
}

/** Runs `handler` only for requests that carry the cron secret. */
export function withCron(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const secret = env().CRON_SECRET;
    if (!secret) {
      return problem(
        503,
        "CRON_SECRET is not set: set it, and send it as `Authorization: Bearer <secret>` from Vercel Cron or your scheduler.",
      );
    }
    if (!hasCronSecret(request)) return problem(401, "Unauthorized.");
    return handler(request);
  };
}

/**
 * Runs `handler` only for requests QStash signed, with the raw body it verified. The subject is
 * checked against APP_URL + path (behind a proxy `request.url` may not be the public URL).
 */
export function withQstash<P>(
  handler: (request: Request, body: string, context: RouteContext<P>) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const e = env();
    if (!e.QSTASH_CURRENT_SIGNING_KEY || !e.QSTASH_NEXT_SIGNING_KEY) {
      return problem(
        503,
        "QSTASH_CURRENT_SIGNING_KEY and QSTASH_NEXT_SIGNING_KEY are not set: queue deliveries cannot be verified.",
      );
    }
    const body = await request.text();
    const url = new URL(request.url);
    const publicUrl = e.APP_URL
      ? `${e.APP_URL.replace(/\/+$/, "")}${url.pathname}${url.search}`
      : request.url;
    const ok = await verifyQstash(
      { currentSigningKey: e.QSTASH_CURRENT_SIGNING_KEY, nextSigningKey: e.QSTASH_NEXT_SIGNING_KEY },
      { signature: request.headers.get("upstash-signature"), body, url: publicUrl },
    );
    if (!ok) {
      logger.warn("queue delivery with a bad or missing signature", { path: url.pathname });
      return problem(401, "Invalid Upstash-Signature.");
    }
    return handler(request, body, context);
  };
}

/** QStash stops retrying on 489 with this header (the job can never succeed). */
export function nonRetryable(message: string): Response {
  return problem(489, message, { "Upstash-NonRetryable-Error": "true" });
}
