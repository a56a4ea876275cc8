import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import { type ApiCaller, authenticateApiRequest } from "./authenticate";
import { toApiErrorResponse } from "./errors";
import { rateLimitHeaders } from "./rate-limit";

export type ApiContext = { orgId: string; keyId: string; requestId: string };

type ApiHandler = (request: Request, context: ApiContext) => Promise<Response>;

/**
 * Wraps a public API route handler: authenticates the key (401), applies its rate limit (429),
 * maps every error to the API's JSON error shape, and stamps each response with the request id
 * and the `RateLimit-*` headers. The handler only sees requests from a known, unrevoked key.
 */
export function withApiKey(handler: ApiHandler): (request: Request) => Promise<Response> {
  return async (request) => {
    const requestId = randomUUID();
    let caller: ApiCaller | undefined;
    let response: Response;
    try {
      caller = await authenticateApiRequest(request);
      const { rateLimit } = caller;
      if (!rateLimit.allowed) {
        throw new AppError(
          "rate_limited",
          `Rate limit of ${rateLimit.limit} requests per minute reached for this key; retry in ${rateLimit.resetSeconds} s.`,
          { retryAfterSeconds: rateLimit.resetSeconds },
        );
      }
      response = await handler(request, { orgId: caller.orgId, keyId: caller.keyId, requestId });
    } catch (error) {
      response = toApiErrorResponse(error, { requestId });
    }
    response.headers.set("X-Request-Id", requestId);
    response.headers.set("Cache-Control", "no-store");
    if (caller) {
      for (const [name, value] of Object.entries(rateLimitHeaders(caller.rateLimit))) {
        response.headers.set(name, value);
      }
    }
    return response;
  };
}
