import { decodeJwt, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import {
  ABSOLUTE_LIFETIME_SECONDS,
  IDLE_TIMEOUT_SECONDS,
  ROTATE_AFTER_SECONDS,
  rotateSessionToken,
  type SessionClaims,
  sessionCookieOptions,
  signSessionToken,
  verifySessionToken,
} from "./session-token";

const SECRET = "unit-test-secret-0123456789-abcdefghijklmnopqr";
const T0 = 1_900_000_000;
const USER = {
  sub: "3f1c1c9e-4a55-4a43-9d7b-6a4f2b1d0c11",
  email: "ann@example.test",
  role: "authenticated" as const,
};
const SESSION = { ...USER, sid: "0b7d1f2e-8c3a-4e5b-9f6d-1a2b3c4d5e6f", nat: T0 + ABSOLUTE_LIFETIME_SECONDS };

async function verified(token: string, now: number, secret = SECRET): Promise<SessionClaims> {
  const result = await verifySessionToken(token, secret, now);
  if (!result.ok) throw new Error(`token did not verify: ${result.reason}`);
  return result.claims;
}

describe("session tokens", () => {
  it("round-trips the claims, expiring after the idle timeout", async () => {
    const { token, expiresAt } = await signSessionToken(SESSION, SECRET, T0);
    expect(expiresAt).toBe(T0 + IDLE_TIMEOUT_SECONDS);
    expect(await verified(token, T0)).toEqual({ ...SESSION, iat: T0, exp: expiresAt });
    expect(await verified(token, expiresAt - 1)).toMatchObject({ sub: USER.sub });
    expect(await verifySessionToken(token, SECRET, expiresAt)).toEqual({ ok: false, reason: "expired" });
  });

  it("never expires after the session's absolute end", async () => {
    const nat = T0 + 3600;
    const { token, expiresAt } = await signSessionToken({ ...SESSION, nat }, SECRET, T0);
    expect(expiresAt).toBe(nat);
    expect(decodeJwt(token).exp).toBe(nat);
    expect((await verifySessionToken(token, SECRET, nat + 1)).ok).toBe(false);
  });

  it("reports a missing token", async () => {
    expect(await verifySessionToken(undefined, SECRET, T0)).toEqual({ ok: false, reason: "missing" });
    expect(await verifySessionToken("", SECRET, T0)).toEqual({ ok: false, reason: "missing" });
  });

  it("rejects another secret, a changed payload and a bare string", async () => {
    const { token } = await signSessionToken(SESSION, SECRET, T0);
    expect(await verifySessionToken(token, `${SECRET}x`, T0)).toEqual({ ok: false, reason: "invalid" });
    const [header, , signature] = token.split(".");
    const payload = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub: "someone-else" })).toString(
      "base64url",
    );
    expect(await verifySessionToken(`${header}.${payload}.${signature}`, SECRET, T0)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await verifySessionToken("not.a.jwt", SECRET, T0)).toEqual({ ok: false, reason: "invalid" });
  });

  it("rejects an unsigned token", async () => {
    const { token } = await signSessionToken(SESSION, SECRET, T0);
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const [, payload] = token.split(".");
    expect((await verifySessionToken(`${header}.${payload}.`, SECRET, T0)).ok).toBe(false);
  });

  it("rejects a validly signed token from another issuer or audience, or missing our claims", async () => {
    const key = new TextEncoder().encode(SECRET);
    const base = () =>
      new SignJWT({ email: USER.email, role: USER.role, sid: SESSION.sid, nat: SESSION.nat })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(USER.sub)
        .setIssuedAt(T0)
        .setExpirationTime(T0 + 600);
    const wrongIssuer = await base().setIssuer("someone").setAudience("authenticated").sign(key);
    const wrongAudience = await base().setIssuer("dialer").setAudience("anon").sign(key);
    const noSid = await new SignJWT({ email: USER.email, role: USER.role, nat: SESSION.nat })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(USER.sub)
      .setIssuer("dialer")
      .setAudience("authenticated")
      .setIssuedAt(T0)
      .setExpirationTime(T0 + 600)
      .sign(key);
    for (const token of [wrongIssuer, wrongAudience, noSid]) {
      expect(await verifySessionToken(token, SECRET, T0)).toEqual({ ok: false, reason: "invalid" });
    }
    // The same construction with our issuer and audience passes, so the cases above fail for their reason.
    const good = await base().setIssuer("dialer").setAudience("authenticated").sign(key);
    expect((await verifySessionToken(good, SECRET, T0)).ok).toBe(true);
  });

  it("rejects a token whose exp outlives its nat", async () => {
    const nat = T0 + 60;
    const token = await new SignJWT({ email: USER.email, role: USER.role, sid: SESSION.sid, nat })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(USER.sub)
      .setIssuer("dialer")
      .setAudience("authenticated")
      .setIssuedAt(T0)
      .setExpirationTime(T0 + 3600)
      .sign(new TextEncoder().encode(SECRET));
    expect((await verifySessionToken(token, SECRET, T0)).ok).toBe(true);
    expect(await verifySessionToken(token, SECRET, nat + 1)).toEqual({ ok: false, reason: "invalid" });
  });

  it("rotates only once ROTATE_AFTER_SECONDS have passed, keeping sid and nat", async () => {
    const claims = await verified((await signSessionToken(SESSION, SECRET, T0)).token, T0);
    expect(await rotateSessionToken(claims, SECRET, T0 + ROTATE_AFTER_SECONDS - 1)).toBeNull();
    const now = T0 + ROTATE_AFTER_SECONDS;
    const rotated = await rotateSessionToken(claims, SECRET, now);
    if (!rotated) throw new Error("not rotated");
    expect(rotated.expiresAt).toBe(now + IDLE_TIMEOUT_SECONDS);
    expect(await verified(rotated.token, now)).toEqual({
      ...SESSION,
      iat: now,
      exp: now + IDLE_TIMEOUT_SECONDS,
    });
  });

  it("rotation near the absolute end never extends past nat", async () => {
    const late = SESSION.nat - 2 * 86_400;
    const claims = await verified(
      (await signSessionToken(SESSION, SECRET, late - ROTATE_AFTER_SECONDS)).token,
      late,
    );
    const rotated = await rotateSessionToken(claims, SECRET, late);
    if (!rotated) throw new Error("not rotated");
    expect(rotated.expiresAt).toBe(SESSION.nat);
    expect((await verified(rotated.token, SESSION.nat - 1)).exp).toBe(SESSION.nat);
    expect((await verifySessionToken(rotated.token, SECRET, SESSION.nat)).ok).toBe(false);
  });

  it("sets the cookie http-only, lax, site-wide, secure when asked, expiring with the token", () => {
    expect(sessionCookieOptions(T0, true)).toEqual({
      httpOnly: true,
      secure: true,
      sameSite: "lax",
      path: "/",
      expires: new Date(T0 * 1000),
    });
    expect(sessionCookieOptions(T0, false).secure).toBe(false);
  });
});
