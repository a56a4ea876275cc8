import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/*
 * How Vapi authenticates its requests to our server URL (providers.md 2.7): a custom credential
 * referenced by `server.credentialId`, either an HMAC plan (recommended: sha256, hex, headers
 * `x-signature` and `x-timestamp`, payload `{timestamp}.{body}`) or a Bearer token (header
 * `Authorization: Bearer <secret>`, or the legacy `X-Vapi-Secret: <secret>` without prefix).
 */

/** The request headers that may carry Vapi's proof. */
export type VapiAuthHeaders = {
  signature: string | null;
  timestamp: string | null;
  authorization: string | null;
  vapiSecret: string | null;
};

/** How far `x-timestamp` may be from our clock: a captured request cannot be replayed later. */
export const VAPI_TIMESTAMP_TOLERANCE_MS = 5 * 60_000;

/** Equal-time comparison of two strings of any length (hashing first equalizes the lengths). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** `x-timestamp` in seconds or milliseconds since the epoch (Vapi's docs do not pin the unit). */
function timestampMs(value: string): number | null {
  if (!/^\d{9,14}$/.test(value.trim())) return null;
  const n = Number(value);
  return n < 1e12 ? n * 1000 : n;
}

/**
 * Whether `x-signature` is the hex HMAC-SHA256 of `${x-timestamp}.${rawBody}` under the secret, and
 * the timestamp is within five minutes of now. An optional `sha256=` prefix is accepted.
 */
export function verifyVapiHmac({
  rawBody,
  signature,
  timestamp,
  secret,
  now,
}: {
  rawBody: string;
  signature: string | null;
  timestamp: string | null;
  secret: string;
  now: Date;
}): boolean {
  if (!signature || !timestamp || !secret) return false;
  const at = timestampMs(timestamp);
  if (at === null || Math.abs(now.getTime() - at) > VAPI_TIMESTAMP_TOLERANCE_MS) return false;
  const expected = createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
  const given = signature
    .trim()
    .replace(/^sha256=/i, "")
    .toLowerCase();
  return safeEqual(given, expected);
}

/** Whether the Bearer or `X-Vapi-Secret` credential header carries the secret. */
export function verifyVapiCredential(headers: VapiAuthHeaders, secret: string): boolean {
  if (!secret) return false;
  const bearer = headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  const candidates = [bearer, headers.vapiSecret?.trim()].filter((v): v is string => Boolean(v));
  // Both are compared, so the time taken does not reveal which header matched.
  return candidates.map((c) => safeEqual(c, secret)).includes(true);
}

/** Signs a body as Vapi's HMAC plan would: for tests and the local tools. */
export function signVapiBody(
  rawBody: string,
  secret: string,
  at: Date,
): { signature: string; timestamp: string } {
  const timestamp = String(at.getTime());
  return {
    signature: createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex"),
    timestamp,
  };
}

/** The proof-carrying headers of a request (Fetch `Headers` are case-insensitive). */
export function vapiAuthHeaders(h: Headers): VapiAuthHeaders {
  return {
    signature: h.get("x-signature"),
    timestamp: h.get("x-timestamp"),
    authorization: h.get("authorization"),
    vapiSecret: h.get("x-vapi-secret"),
  };
}
