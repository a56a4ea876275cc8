import { decodeJwt, SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import {
  AUTH_UNREACHABLE,
  RECOVERY_WINDOW_SECONDS,
  SupabaseAuth,
} from "@/lib/integrations/auth/supabase/supabase-auth";
import type { CookieJar } from "@/lib/integrations/auth/types";
import { type GoTrueFake, startGoTrueFake } from "../fakes/gotrue-fake";
import { appErrorOf, uniqueEmail } from "../helpers/fixtures";

function memoryJar(): CookieJar & { jar: Map<string, string>; sessionCookies(): string[] } {
  const jar = new Map<string, string>();
  return {
    jar,
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    set: (name, value, options) => {
      if (value === "" || options.maxAge === 0) jar.delete(name);
      else jar.set(name, value);
    },
    sessionCookies: () => [...jar.keys()].filter((k) => /^sb-[^-]+-auth-token(\.\d+)?$/.test(k)),
  };
}

const T0 = Date.parse("2031-05-06T09:00:00Z");
const PASSWORD = "long-password-1";

describe("Supabase Auth adapter against the GoTrue fake", () => {
  let fake: GoTrueFake;
  let clock = T0;
  beforeAll(async () => {
    fake = await startGoTrueFake({ now: () => clock, emailsPerHour: 1000 });
  });
  afterAll(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
  });
  afterEach(() => {
    fake.confirmations = true;
    // Past every per-address email interval and link lifetime of the test before.
    clock += 2 * 3600_000;
  });

  const auth = (cookies: CookieJar = memoryJar(), url = fake.url) =>
    new SupabaseAuth({ url, anonKey: fake.anonKey, cookies, now: () => new Date(clock) });

  /** A confirmed account (signed up and its link opened), and a jar signed in to it with its password. */
  async function account(password = PASSWORD) {
    const email = uniqueEmail("sb");
    await auth().signUp({ email, password });
    await auth().confirmSignUp({ token: fake.lastEmail(email, "signup")?.tokenHash ?? "", type: "email" });
    const cookies = memoryJar();
    await auth(cookies).signIn({ email, password });
    clock += 61_000;
    return { email, cookies };
  }

  it("signs up and signs in at once with confirmations off, the server vouching for the session", async () => {
    fake.confirmations = false;
    const cookies = memoryJar();
    const email = uniqueEmail("ann");
    const result = await auth(cookies).signUp({ email, password: PASSWORD });
    expect(result.status).toBe("signed-in");
    expect(cookies.sessionCookies().length).toBeGreaterThan(0);
    const before = fake.requests.filter((r) => r.path === "/auth/v1/user").length;
    expect(await auth(cookies).getUser()).toMatchObject({ email, role: "authenticated" });
    expect(fake.requests.filter((r) => r.path === "/auth/v1/user").length).toBeGreaterThan(before);
  });

  it("with confirmations on, signs nobody in until the emailed link is opened, once", async () => {
    const email = uniqueEmail("dan");
    const cookies = memoryJar();
    const result = await auth(cookies).signUp({
      email,
      password: PASSWORD,
      fullName: "Dan Doe",
      pending: { organizationName: "Dan Co" },
    });
    expect(result.status).toBe("confirm-email");
    expect(cookies.sessionCookies()).toEqual([]);
    const refused = await appErrorOf(auth().signIn({ email, password: PASSWORD }));
    expect(refused.code).toBe("unauthorized");
    expect(refused.message).toMatch(/^Confirm your email address first/);

    const link = fake.lastEmail(email, "signup");
    expect(link?.link).toMatch(/\/auth\/confirm\?token_hash=pkce_[0-9a-f]+&type=email$/);
    const confirmed = await auth(cookies).confirmSignUp({ token: link?.tokenHash ?? "", type: "email" });
    expect(confirmed).toMatchObject({
      user: { email, role: "authenticated" },
      fullName: "Dan Doe",
      pending: { organizationName: "Dan Co" },
    });
    expect(await auth(cookies).getUser()).toMatchObject({ sub: confirmed.user.sub });
    // A sign-in anywhere else still carries what the sign-up asked for (onboarding offers it).
    const elsewhere = memoryJar();
    expect(await auth(elsewhere).signIn({ email, password: PASSWORD })).toMatchObject({
      sub: confirmed.user.sub,
    });
    expect(await auth(elsewhere).pendingSignUp()).toEqual({
      fullName: "Dan Doe",
      pending: { organizationName: "Dan Co", inviteToken: undefined },
    });
    expect(await auth(memoryJar()).pendingSignUp()).toBeNull();

    const again = await appErrorOf(auth().confirmSignUp({ token: link?.tokenHash ?? "", type: "email" }));
    expect(again.code).toBe("bad_request");
    expect(again.message).toMatch(/expired or was already used/);
  });

  it("refuses a confirmation link after its hour", async () => {
    const email = uniqueEmail("late");
    await auth().signUp({ email, password: PASSWORD });
    clock += 3600_000 + 1000;
    const token = fake.lastEmail(email, "signup")?.tokenHash ?? "";
    expect((await appErrorOf(auth().confirmSignUp({ token, type: "email" }))).code).toBe("bad_request");
  });

  it("reports a sign-up for a confirmed address as taken: obfuscated user with confirmations on, 422 off", async () => {
    const { email } = await account();
    const emailsBefore = fake.emails.length;
    expect(await auth().signUp({ email, password: "another-password" })).toEqual({
      status: "already-registered",
    });
    // Supabase itself sends nothing then: the "you already have an account" email is ours to send.
    expect(fake.emails.length).toBe(emailsBefore);
    fake.confirmations = false;
    expect(await auth().signUp({ email, password: "another-password" })).toEqual({
      status: "already-registered",
    });
    expect(await auth().signIn({ email, password: PASSWORD })).toMatchObject({ email });
  });

  it("says how long to wait when an unconfirmed address signs up again within a minute", async () => {
    const email = uniqueEmail("twice");
    await auth().signUp({ email, password: PASSWORD });
    const first = fake.lastEmail(email, "signup");
    clock += 20_000;
    const limited = await appErrorOf(auth().signUp({ email, password: PASSWORD }));
    expect(limited.code).toBe("rate_limited");
    expect(limited.message).toBe("Too many emails were sent just now. Try again in 40 seconds.");
    expect(limited.details?.retryAfterSeconds).toBe(40);
    clock += 41_000;
    expect((await auth().signUp({ email, password: PASSWORD })).status).toBe("confirm-email");
    // The newer link replaces the older one.
    const second = fake.lastEmail(email, "signup");
    expect(second?.tokenHash).not.toBe(first?.tokenHash);
    expect((await appErrorOf(auth().confirmSignUp({ token: first?.tokenHash ?? "" }))).code).toBe(
      "bad_request",
    );
    await auth().confirmSignUp({ token: second?.tokenHash ?? "", type: "email" });
  });

  it("creates no account when the project's hourly email limit stops the confirmation email", async () => {
    const limited = await startGoTrueFake({ now: () => clock, emailsPerHour: 1 });
    const limitedAuth = () =>
      new SupabaseAuth({ url: limited.url, anonKey: limited.anonKey, cookies: memoryJar() });
    try {
      expect((await limitedAuth().signUp({ email: uniqueEmail("one"), password: PASSWORD })).status).toBe(
        "confirm-email",
      );
      const email = uniqueEmail("two");
      const refused = await appErrorOf(limitedAuth().signUp({ email, password: PASSWORD }));
      expect(refused.code).toBe("rate_limited");
      expect(refused.message).toBe("Too many emails were sent just now. Try again in a few minutes.");
      clock += 3600_000;
      // Nothing of the refused sign-up was kept: it is a new sign-up now.
      expect((await limitedAuth().signUp({ email, password: PASSWORD })).status).toBe("confirm-email");
      expect(limited.violations).toEqual([]);
    } finally {
      await limited.close();
    }
  });

  it("sends the sign-up link again to a waiting address only, and limits it like any email", async () => {
    const waiting = uniqueEmail("wait");
    await auth().signUp({ email: waiting, password: PASSWORD });
    clock += 61_000;
    expect(await auth().resendConfirmation({ email: waiting })).toEqual({ status: "done" });
    expect(fake.emails.filter((e) => e.to === waiting)).toHaveLength(2);
    expect((await appErrorOf(auth().resendConfirmation({ email: waiting }))).code).toBe("rate_limited");

    const { email: confirmed } = await account();
    const before = fake.emails.length;
    expect(await auth().resendConfirmation({ email: confirmed })).toEqual({ status: "done" });
    expect(await auth().resendConfirmation({ email: uniqueEmail("nobody") })).toEqual({ status: "done" });
    expect(fake.emails.length).toBe(before);
  });

  it("answers a wrong password and an unknown address alike", async () => {
    const { email } = await account();
    const wrong = await appErrorOf(auth().signIn({ email, password: "nope-nope-nope" }));
    const unknown = await appErrorOf(
      auth().signIn({ email: uniqueEmail("who"), password: "nope-nope-nope" }),
    );
    expect(wrong.code).toBe("unauthorized");
    expect(unknown.message).toBe(wrong.message);
  });

  it("rejects a session cookie whose token was forged with another key", async () => {
    const { cookies } = await account();
    const [name, raw] = [...cookies.jar].find(([n]) => /^sb-[^-]+-auth-token$/.test(n)) ?? [];
    if (!name || !raw) throw new Error("no Supabase session cookie was set");
    const session = JSON.parse(Buffer.from(raw.replace(/^base64-/, ""), "base64url").toString("utf8"));
    const claims = decodeJwt(session.access_token);
    session.access_token = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode("an-attacker-s-own-secret-0123456789"));
    cookies.jar.set(name, `base64-${Buffer.from(JSON.stringify(session)).toString("base64url")}`);
    expect(await auth(cookies).getUser()).toBeNull();
  });

  it("resets a password through the link's recovery session, then signs out everywhere", async () => {
    const { email, cookies: elsewhere } = await account();
    expect(await auth().requestPasswordReset({ email })).toEqual({ status: "sent-by-provider" });
    const link = fake.lastEmail(email, "recovery");
    expect(link?.link).toMatch(/\/auth\/confirm\?token_hash=[0-9a-f]+&type=recovery$/);

    const browser = memoryJar();
    // Without opening the link, this browser may not set a password.
    expect((await appErrorOf(auth(browser).resetPassword({ password: "brand-new-password" }))).code).toBe(
      "unauthorized",
    );
    await auth(browser).openRecoveryLink({ token: link?.tokenHash ?? "" });
    expect(await auth(browser).inRecovery()).toBe(true);
    expect(await auth(elsewhere).inRecovery()).toBe(false);
    expect(await auth(browser).resetPassword({ password: "brand-new-password" })).toEqual({ email });

    expect(fake.sessionCount(email)).toBe(0);
    expect(await auth(elsewhere).getUser()).toBeNull();
    expect(await auth(browser).getUser()).toBeNull();
    expect((await appErrorOf(auth().signIn({ email, password: PASSWORD }))).code).toBe("unauthorized");
    expect(await auth().signIn({ email, password: "brand-new-password" })).toMatchObject({ email });
    const reused = await appErrorOf(auth(memoryJar()).openRecoveryLink({ token: link?.tokenHash ?? "" }));
    expect(reused.message).toMatch(/reset link has expired or was already used/);
  });

  it(`lets a recovery session set a password for ${RECOVERY_WINDOW_SECONDS / 60} minutes only`, async () => {
    const { email } = await account();
    await auth().requestPasswordReset({ email });
    const browser = memoryJar();
    await auth(browser).openRecoveryLink({ token: fake.lastEmail(email, "recovery")?.tokenHash ?? "" });
    clock += (RECOVERY_WINDOW_SECONDS + 1) * 1000;
    expect(await auth(browser).inRecovery()).toBe(false);
    expect((await appErrorOf(auth(browser).resetPassword({ password: "too-late-password" }))).code).toBe(
      "unauthorized",
    );
  });

  it("answers a reset for an unknown address and one over the email limit as for any other", async () => {
    const before = fake.emails.length;
    expect(await auth().requestPasswordReset({ email: uniqueEmail("ghost") })).toEqual({
      status: "sent-by-provider",
    });
    expect(fake.emails.length).toBe(before);
    const { email } = await account();
    await auth().requestPasswordReset({ email });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      // Within the minute: Supabase says 429, which would tell that the address has an account.
      expect(await auth().requestPasswordReset({ email })).toEqual({ status: "sent-by-provider" });
      expect(warn.mock.calls.map((c) => String(c[0])).join("\n")).toContain("password reset email not sent");
    } finally {
      warn.mockRestore();
    }
    expect(fake.emails.filter((e) => e.to === email && e.type === "recovery")).toHaveLength(1);
  });

  it("changes the password given the current one, ending the user's other sessions only", async () => {
    const { email, cookies } = await account();
    const other = memoryJar();
    await auth(other).signIn({ email, password: PASSWORD });

    const wrong = await appErrorOf(
      auth(cookies).changePassword({ currentPassword: "not-it-at-all", newPassword: "next-password-1" }),
    );
    expect(wrong).toMatchObject({
      code: "unauthorized",
      details: { fields: { currentPassword: "is not right" } },
    });
    const same = await appErrorOf(
      auth(cookies).changePassword({ currentPassword: PASSWORD, newPassword: PASSWORD }),
    );
    expect(same.code).toBe("validation");

    await auth(cookies).changePassword({ currentPassword: PASSWORD, newPassword: "next-password-1" });
    expect(await auth(cookies).getUser()).toMatchObject({ email });
    expect(await auth(other).getUser()).toBeNull();
    expect(fake.sessionCount(email)).toBe(1);
    expect((await appErrorOf(auth().signIn({ email, password: PASSWORD }))).code).toBe("unauthorized");
    expect(await auth().signIn({ email, password: "next-password-1" })).toMatchObject({ email });
  });

  it("says the sign-in service can't be reached, and logs its URL, when nothing answers", async () => {
    const gone = await startGoTrueFake();
    const deadUrl = gone.url;
    await gone.close();
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const down = auth(memoryJar(), deadUrl);
      const failures = [
        await appErrorOf(down.signIn({ email: "ann@example.test", password: PASSWORD })),
        await appErrorOf(down.signUp({ email: "ann@example.test", password: PASSWORD })),
        await appErrorOf(down.requestPasswordReset({ email: "ann@example.test" })),
        await appErrorOf(down.confirmSignUp({ token: "a".repeat(40), type: "email" })),
      ];
      for (const failure of failures) {
        expect(failure).toBeInstanceOf(AppError);
        expect(failure).toMatchObject({ code: "unavailable", status: 503, message: AUTH_UNREACHABLE });
      }
      const logged = error.mock.calls.map((c) => String(c[0]));
      expect(logged.filter((l) => l.includes("sign-in service unreachable"))).toHaveLength(4);
      expect(logged[0]).toContain(`"url":"${deadUrl}/auth/v1"`);
      expect(await down.getUser()).toBeNull();
    } finally {
      error.mockRestore();
    }
  });

  it("says the same when the gateway in front of the auth server answers 5xx", async () => {
    const { email } = await account();
    fake.failNext("POST", "/auth/v1/token", { status: 503, body: { message: "no healthy upstream" } });
    fake.failNext("POST", "/auth/v1/signup", { status: 502, body: "<html>Bad gateway</html>" });
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const signIn = await appErrorOf(auth().signIn({ email, password: PASSWORD }));
      const signUp = await appErrorOf(auth().signUp({ email: uniqueEmail("gw"), password: PASSWORD }));
      expect([signIn.code, signUp.code]).toEqual(["unavailable", "unavailable"]);
      expect(signIn.message).toBe(AUTH_UNREACHABLE);
    } finally {
      error.mockRestore();
    }
    expect(await auth().signIn({ email, password: PASSWORD })).toMatchObject({ email });
  });

  it("maps the auth server's own sign-in limit to 'too many attempts'", async () => {
    const strict = await startGoTrueFake({ now: () => clock, signInsPerFiveMinutes: 2 });
    try {
      const strictAuth = () =>
        new SupabaseAuth({ url: strict.url, anonKey: strict.anonKey, cookies: memoryJar() });
      const email = uniqueEmail("busy");
      for (let i = 0; i < 2; i++) await appErrorOf(strictAuth().signIn({ email, password: "wrong-one" }));
      const limited = await appErrorOf(strictAuth().signIn({ email, password: "wrong-one" }));
      expect(limited.code).toBe("rate_limited");
      expect(limited.message).toMatch(/^Too many sign-in attempts/);
    } finally {
      await strict.close();
    }
  });
});
