import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/lib/db/client";

/**
 * Requests per API key per fixed window. 120 a minute at up to 1,000 leads a request is far
 * beyond any CRM sync, and low enough that a runaway loop can't crowd out the dialer.
 */
export const API_RATE_LIMIT = { windowSeconds: 60, maxHits: 120 } as const;

export type RateLimitResult = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  resetSeconds: number;
};

/**
 * Counts one hit in `bucket` with `private.hit_rate_limit` (fixed window, shared by every
 * instance through the database). The function is granted to service_role only: call it inside
 * `withService`. The reset is measured on the database clock, the same one that set the window.
 */
export async function hitRateLimit(
  tx: Tx,
  { bucket, windowSeconds, maxHits }: { bucket: string; windowSeconds: number; maxHits: number },
): Promise<RateLimitResult> {
  const [row] = rowsOf<{ allowed: boolean; remaining: number; reset_seconds: number }>(
    await tx.execute(sql`
      select allowed, remaining,
             greatest(ceil(extract(epoch from reset_at - now())), 1)::int as reset_seconds
      from private.hit_rate_limit(${bucket}, ${windowSeconds}::int, ${maxHits}::int)`),
  );
  if (!row) throw new Error("private.hit_rate_limit returned no row");
  return {
    allowed: row.allowed,
    limit: maxHits,
    remaining: Number(row.remaining),
    resetSeconds: Number(row.reset_seconds),
  };
}

/** The IETF `RateLimit-*` fields (draft-ietf-httpapi-ratelimit-headers), plus `Retry-After` once over. */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(result.limit),
    "RateLimit-Remaining": String(result.remaining),
    "RateLimit-Reset": String(result.resetSeconds),
  };
  if (!result.allowed) headers["Retry-After"] = String(result.resetSeconds);
  return headers;
}
