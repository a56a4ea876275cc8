import { withService } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import { type AuthenticatedApiKey, authenticateApiKey } from "@/lib/services/api-keys/authenticate-api-key";
import { API_RATE_LIMIT, hitRateLimit, type RateLimitResult } from "./rate-limit";

export type ApiCaller = AuthenticatedApiKey & { rateLimit: RateLimitResult };

/** The key from `Authorization: Bearer <key>`, or null when the header is missing or another scheme. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

/**
 * Authenticates the request's API key and counts it against that key's rate limit, in one
 * service-role transaction (`private.hit_rate_limit` is granted to service_role only). The
 * counted hit commits even when the request itself later fails.
 */
export async function authenticateApiRequest(request: Request): Promise<ApiCaller> {
  const key = bearerToken(request.headers.get("authorization"));
  if (!key) {
    throw new AppError(
      "unauthorized",
      "Send your API key in the header `Authorization: Bearer dk_live_...`.",
    );
  }
  return withService(async (tx) => {
    const caller = await authenticateApiKey({ tx, key });
    const rateLimit = await hitRateLimit(tx, { bucket: `api_key:${caller.keyId}`, ...API_RATE_LIMIT });
    return { ...caller, rateLimit };
  });
}
