import { createHash, randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import type { CookieOptions } from "../types";

/**
 * A browser that has signed in to an address before carries a signed token saying so (OWASP's
 * "device cookie"). Sign-in throttling then keys it by device rather than IP and lets it skip the
 * per-address limit that strangers share, so a flood of wrong passwords from elsewhere cannot
 * shut the real user out. The token names the address only by hash.
 */
export const DEVICE_COOKIE = "dialer_device";
export const DEVICE_LIFETIME_SECONDS = 180 * 24 * 3600;

const ISSUER = "dialer";
// Not the session audience: a device token never verifies as a session, nor the reverse.
const AUDIENCE = "trusted-device";

const keyOf = (secret: string) => new TextEncoder().encode(secret);
const addressHash = (email: string) => createHash("sha256").update(email).digest("base64url");

/** A token trusting this browser for `email` (already normalized); keeps `deviceId` when given. */
export async function signDeviceToken(
  { email, deviceId = randomUUID() }: { email: string; deviceId?: string },
  secret: string,
  now: number,
): Promise<{ token: string; deviceId: string; expiresAt: number }> {
  const expiresAt = now + DEVICE_LIFETIME_SECONDS;
  const token = await new SignJWT({ adr: addressHash(email) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(deviceId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(expiresAt)
    .sign(keyOf(secret));
  return { token, deviceId, expiresAt };
}

/** The device id when `token` is valid and was issued for `email`; otherwise undefined. */
export async function trustedDeviceId(
  token: string | undefined,
  email: string,
  secret: string,
  now: number,
): Promise<string | undefined> {
  if (!token) return undefined;
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: new Date(now * 1000),
    });
    if (payload.adr !== addressHash(email) || typeof payload.sub !== "string") return undefined;
    return payload.sub;
  } catch {
    return undefined;
  }
}

export function deviceCookieOptions(expiresAt: number, secure: boolean): CookieOptions {
  return { httpOnly: true, secure, sameSite: "lax", path: "/", expires: new Date(expiresAt * 1000) };
}
