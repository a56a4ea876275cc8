import { errors, jwtVerify, SignJWT } from "jose";
import type { UserClaims } from "@/lib/db/with-user";

export const SESSION_COOKIE = "dialer_session";
/** A session that is not used for this long ends. */
export const IDLE_TIMEOUT_SECONDS = 7 * 24 * 3600;
/** A token older than this is replaced by a fresh one (rotation) on the next request. */
export const ROTATE_AFTER_SECONDS = 3600;
/** No session outlives this, however active. */
export const ABSOLUTE_LIFETIME_SECONDS = 30 * 24 * 3600;

export type SessionClaims = UserClaims & {
  /** Session id: a row in auth.sessions, so signing out revokes the token server-side. */
  sid: string;
  /** Unix seconds after which the session ends however active it is. */
  nat: number;
  iat: number;
  exp: number;
};

const ISSUER = "dialer";
const AUDIENCE = "authenticated";

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Signs a session token (HS256). Expiry slides with use but never passes the session's `nat`. */
export async function signSessionToken(
  claims: UserClaims & { sid: string; nat: number },
  secret: string,
  now: number = Math.floor(Date.now() / 1000),
): Promise<{ token: string; expiresAt: number }> {
  const expiresAt = Math.min(now + IDLE_TIMEOUT_SECONDS, claims.nat);
  const token = await new SignJWT({
    email: claims.email,
    role: claims.role,
    sid: claims.sid,
    nat: claims.nat,
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(expiresAt)
    .sign(keyOf(secret));
  return { token, expiresAt };
}

export type VerifyResult =
  | { ok: true; claims: SessionClaims }
  | { ok: false; reason: "missing" | "expired" | "invalid" };

/** Verifies signature, issuer, audience and expiry. Anything else about the token is untrusted. */
export async function verifySessionToken(
  token: string | undefined,
  secret: string,
  now: number = Math.floor(Date.now() / 1000),
): Promise<VerifyResult> {
  if (!token) return { ok: false, reason: "missing" };
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: new Date(now * 1000),
    });
    const { sub, email, role, sid, nat, iat, exp } = payload as Record<string, unknown>;
    if (
      typeof sub !== "string" ||
      typeof email !== "string" ||
      role !== "authenticated" ||
      typeof sid !== "string" ||
      typeof nat !== "number" ||
      typeof iat !== "number" ||
      typeof exp !== "number" ||
      nat < now
    ) {
      return { ok: false, reason: "invalid" };
    }
    return { ok: true, claims: { sub, email, role, sid, nat, iat, exp } };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
    return { ok: false, reason: "invalid" };
  }
}

/** A fresh token for a valid one that is due for rotation, else null. */
export async function rotateSessionToken(
  claims: SessionClaims,
  secret: string,
  now: number = Math.floor(Date.now() / 1000),
): Promise<{ token: string; expiresAt: number } | null> {
  if (now - claims.iat < ROTATE_AFTER_SECONDS) return null;
  return signSessionToken(claims, secret, now);
}

export function sessionCookieOptions(expiresAt: number, secure: boolean) {
  return {
    httpOnly: true,
    secure,
    sameSite: "lax" as const,
    path: "/",
    expires: new Date(expiresAt * 1000),
  };
}
