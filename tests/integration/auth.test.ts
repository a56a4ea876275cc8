import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BuiltinAuth } from "@/lib/integrations/auth/builtin/builtin-auth";
import {
  ABSOLUTE_LIFETIME_SECONDS,
  IDLE_TIMEOUT_SECONDS,
  ROTATE_AFTER_SECONDS,
  rotateSessionToken,
  SESSION_COOKIE,
  signSessionToken,
  verifySessionToken,
} from "@/lib/integrations/auth/builtin/session-token";
import type { CookieJar, CookieOptions } from "@/lib/integrations/auth/types";
import { appErrorOf, uniqueEmail } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

const SECRET = "test-session-secret-0123456789-abcdefghijklmnop";
const OTHER_SECRET = "another-secret-entirely-0123456789-abcdefghijk";
const PASSWORD = "correct horse battery";
const DAY = 86_400;

type MemoryJar = CookieJar & { jar: Map<string, { value: string; options: CookieOptions }>; token(): string };

/** An in-memory cookie store that drops a cookie set empty or with maxAge 0, like a browser. */
function memoryJar(token?: string): MemoryJar {
  const jar = new Map<string, { value: string; options: CookieOptions }>();
  if (token) jar.set(SESSION_COOKIE, { value: token, options: {} });
  return {
    jar,
    getAll: () => [...jar].map(([name, { value }]) => ({ name, value })),
    set: (name, value, options) => {
      if (value === "" || options.maxAge === 0) jar.delete(name);
      else jar.set(name, { value, options });
    },
    token() {
      const value = jar.get(SESSION_COOKIE)?.value;
      if (!value) throw new Error("no session cookie was set");
      return value;
    },
  };
}

describe.each(testDbKinds())("built-in auth on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(kind);
  });
  afterAll(() => db.destroy());

  const auth = (cookies: CookieJar, now?: () => Date, secret = SECRET) =>
    new BuiltinAuth({ db: db.db, cookies, secret, secureCookies: false, now });

  /** A confirmed account, signed in; its own jar holds the session. */
  async function account() {
    const email = uniqueEmail("auth");
    const cookies = memoryJar();
    await auth(cookies).createConfirmedUser({ email, password: PASSWORD, fullName: "Test User" });
    const user = await auth(cookies).signIn({ email, password: PASSWORD });
    return { email, user, cookies };
  }

  async function sessionRow(sid: string) {
    // Epoch seconds and booleans: raw timestamps come back as Date on PGlite but text on postgres-js.
    const [row] = await db.query<{ user_id: string; revoked: boolean; not_after: number }>(
      `select user_id, revoked_at is not null as revoked, extract(epoch from not_after)::float8 as not_after
       from auth.sessions where id = $1`,
      [sid],
    );
    return row;
  }

  it("signs in with the password in a new session each time", async () => {
    const { email, user, cookies } = await account();
    expect(user).toMatchObject({ email, role: "authenticated" });
    expect(await auth(cookies).getUser()).toEqual(user);
    const [stored] = await db.query<{ email: string; encrypted_password: string }>(
      "select email, encrypted_password from auth.users where id = $1",
      [user.sub],
    );
    expect(stored?.email).toBe(email);
    expect(stored?.encrypted_password).toMatch(/^\$argon2id\$/);

    const fresh = memoryJar();
    const signedIn = await auth(fresh).signIn({ email: email.toUpperCase(), password: PASSWORD });
    expect(signedIn).toEqual(user);
    expect(fresh.jar.get(SESSION_COOKIE)?.options).toMatchObject({
      httpOnly: true,
      sameSite: "lax",
      path: "/",
    });
    expect(await auth(fresh).getUser()).toEqual(user);
    const sids = [cookies.token(), fresh.token()].map((t) => decodeJwt(t).sid);
    expect(sids[0]).not.toBe(sids[1]);
    const sessions = await db.query<{ n: number }>(
      "select count(*)::int as n from auth.sessions where user_id = $1 and revoked_at is null",
      [user.sub],
    );
    expect(sessions[0]?.n).toBe(2);
  });

  it("answers a wrong password and an unknown address identically, and sets no cookie", async () => {
    const { email } = await account();
    const wrongJar = memoryJar();
    const unknownJar = memoryJar();
    const wrong = await appErrorOf(auth(wrongJar).signIn({ email, password: "not the password" }));
    const unknown = await appErrorOf(
      auth(unknownJar).signIn({ email: uniqueEmail("nobody"), password: "not the password" }),
    );
    expect(wrong.code).toBe("unauthorized");
    expect(unknown.code).toBe(wrong.code);
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.status).toBe(wrong.status);
    expect(wrongJar.jar.size + unknownJar.jar.size).toBe(0);
    const [row] = await db.query<{ n: number }>(
      "select count(*)::int as n from auth.login_attempts where email = $1 and not succeeded",
      [email],
    );
    expect(row?.n).toBe(1);
  });

  it("ignores a cookie whose token has expired", async () => {
    const { email, user } = await account();
    // Signed in eight days ago and not used since: past the seven-day idle timeout.
    const then = () => new Date(Date.now() - 8 * DAY * 1000);
    const cookies = memoryJar();
    await auth(cookies, then).signIn({ email, password: PASSWORD });
    expect(await auth(cookies, then).getUser()).toEqual(user);
    expect(await auth(cookies).getUser()).toBeNull();

    // The same live session, in a token issued long enough ago to have expired.
    const sid = decodeJwt(cookies.token()).sid as string;
    const nowS = Math.floor(Date.now() / 1000);
    const nat = nowS + DAY;
    const old = await signSessionToken({ ...user, sid, nat }, SECRET, nowS - IDLE_TIMEOUT_SECONDS - 60);
    expect(await auth(memoryJar(old.token)).getUser()).toBeNull();
    const current = await signSessionToken({ ...user, sid, nat }, SECRET, nowS);
    expect(await auth(memoryJar(current.token)).getUser()).toEqual(user);
  });

  it("ignores a tampered token or one signed with another secret", async () => {
    const { user, cookies } = await account();
    const token = cookies.token();
    const [header, payload, signature] = token.split(".") as [string, string, string];
    expect(await auth(memoryJar(token)).getUser()).toEqual(user);

    const i = Math.floor(payload.length / 2);
    const flipped = `${payload.slice(0, i)}${payload[i] === "A" ? "B" : "A"}${payload.slice(i + 1)}`;
    expect(await auth(memoryJar(`${header}.${flipped}.${signature}`)).getUser()).toBeNull();

    const other = await account();
    const claims = { ...decodeJwt(token), sub: other.user.sub, email: other.user.email };
    const swapped = Buffer.from(JSON.stringify(claims)).toString("base64url");
    expect(await auth(memoryJar(`${header}.${swapped}.${signature}`)).getUser()).toBeNull();

    const { sid, nat } = decodeJwt(token) as { sid: string; nat: number };
    const forged = await signSessionToken({ ...user, sid, nat }, OTHER_SECRET);
    expect(await auth(memoryJar(forged.token)).getUser()).toBeNull();
    // The adapter configured with that other secret does accept it: only the key was wrong.
    expect(await auth(memoryJar(forged.token), undefined, OTHER_SECRET).getUser()).toEqual(user);
  });

  it("signs out by revoking the session, so a copy of the old cookie stops working", async () => {
    const { user, cookies } = await account();
    const token = cookies.token();
    const sid = decodeJwt(token).sid as string;
    expect((await sessionRow(sid))?.revoked).toBe(false);
    await auth(cookies).signOut();
    expect(cookies.jar.has(SESSION_COOKIE)).toBe(false);
    expect((await sessionRow(sid))?.revoked).toBe(true);
    expect((await sessionRow(sid))?.user_id).toBe(user.sub);
    expect(await auth(memoryJar(token)).getUser()).toBeNull();
  });

  it("rotates a token only after ROTATE_AFTER_SECONDS, never past the session's absolute end", async () => {
    const { user, cookies } = await account();
    const first = await verifySessionToken(cookies.token(), SECRET);
    if (!first.ok) throw new Error(`fresh token did not verify: ${first.reason}`);
    const { iat, nat, sid } = first.claims;
    expect(nat - iat).toBe(ABSOLUTE_LIFETIME_SECONDS);
    expect((await sessionRow(sid))?.not_after).toBe(nat);

    expect(await rotateSessionToken(first.claims, SECRET, iat + ROTATE_AFTER_SECONDS - 1)).toBeNull();
    const due = iat + ROTATE_AFTER_SECONDS;
    const rotated = await rotateSessionToken(first.claims, SECRET, due);
    if (!rotated) throw new Error("a token older than ROTATE_AFTER_SECONDS was not rotated");
    expect(rotated.token).not.toBe(cookies.token());
    const second = await verifySessionToken(rotated.token, SECRET, due);
    if (!second.ok) throw new Error(`rotated token did not verify: ${second.reason}`);
    expect(second.claims).toMatchObject({
      sid,
      nat,
      sub: user.sub,
      iat: due,
      exp: due + IDLE_TIMEOUT_SECONDS,
    });
    const atDue = () => new Date(due * 1000);
    expect(await auth(memoryJar(rotated.token), atDue).getUser()).toEqual(user);

    // Two days before the absolute end, rotation still can't extend the session past `nat`.
    const late = nat - 2 * DAY;
    const last = await rotateSessionToken(second.claims, SECRET, late);
    if (!last) throw new Error("rotation refused a token due for it");
    expect(last.expiresAt).toBe(nat);
    expect(decodeJwt(last.token).exp).toBe(nat);
    const atLate = () => new Date(late * 1000);
    expect(await auth(memoryJar(last.token), atLate).getUser()).toEqual(user);
    const afterEnd = () => new Date((nat + 1) * 1000);
    expect(await auth(memoryJar(last.token), afterEnd).getUser()).toBeNull();
  });
});
