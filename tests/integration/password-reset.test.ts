import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAccountEmails } from "@/lib/db/queries/account-emails";
import { withService } from "@/lib/db/with-user";
import {
  BuiltinAuth,
  MAX_LIVE_SIGN_UP_LINKS,
  RESET_LIFETIME_SECONDS,
} from "@/lib/integrations/auth/builtin/builtin-auth";
import { SESSION_COOKIE } from "@/lib/integrations/auth/builtin/session-token";
import type { CookieJar, CookieOptions } from "@/lib/integrations/auth/types";
import type { OutgoingEmail } from "@/lib/integrations/mail";
import { createOutboxMailer } from "@/lib/integrations/mail/outbox/outbox-mailer";
import { confirmSignUp } from "@/lib/services/accounts/confirm-sign-up";
import { requestPasswordReset } from "@/lib/services/accounts/request-password-reset";
import { resendConfirmation } from "@/lib/services/accounts/resend-confirmation";
import { signUp } from "@/lib/services/accounts/sign-up";
import { appErrorOf, uniqueEmail } from "../helpers/fixtures";
import { confirmationToken, recordingMailer } from "../helpers/sign-up";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

const SECRET = "reset-test-secret-0123456789-abcdefghijklmnop";
const T0 = new Date("2031-05-06T09:00:00Z");
const PASSWORD = "the first password";

function jar(): CookieJar & { names(): string[] } {
  const values = new Map<string, string>();
  return {
    names: () => [...values.keys()],
    getAll: () => [...values].map(([name, value]) => ({ name, value })),
    set: (name: string, value: string, options: CookieOptions) => {
      if (value === "" || options.maxAge === 0) values.delete(name);
      else values.set(name, value);
    },
  };
}

/** The token of a reset link in an email's text. */
function resetToken(email: OutgoingEmail | undefined): string | undefined {
  return /\/auth\/confirm\?token_hash=([A-Za-z0-9_-]+)&type=recovery/.exec(email?.text ?? "")?.[1];
}

describe.each(testDbKinds())("password reset and change (built-in) on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(kind);
  });
  afterAll(() => db.destroy());

  const auth = (cookies: CookieJar = jar(), now = T0) =>
    new BuiltinAuth({ db: db.db, cookies, secret: SECRET, secureCookies: false, now: () => now });
  const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

  /** A confirmed account and a jar signed in to it. */
  async function account() {
    const email = uniqueEmail("reset");
    await auth().createConfirmedUser({ email, password: PASSWORD });
    const cookies = jar();
    await auth(cookies).signIn({ email, password: PASSWORD });
    return { email, cookies };
  }

  async function liveSessions(email: string): Promise<number> {
    const [row] = await db.query<{ n: number }>(
      `select count(*)::int as n from auth.sessions s join auth.users u on u.id = s.user_id
       where lower(u.email) = $1 and s.revoked_at is null`,
      [email],
    );
    return row?.n ?? -1;
  }

  it("emails an account a reset link and any other address 'no account', answering the same", async () => {
    const { email } = await account();
    const stranger = uniqueEmail("stranger");
    const unfinished = uniqueEmail("unfinished");
    const mail = recordingMailer();
    await signUp({
      auth: auth(),
      input: { email: unfinished, password: PASSWORD, fullName: "U", organizationName: "U Co" },
      db: db.db,
      mail,
    });
    const answers = [];
    for (const address of [email, stranger, unfinished]) {
      answers.push(await requestPasswordReset({ auth: auth(), email: address, db: db.db, mail }));
    }
    expect(answers).toEqual([
      { status: "check-email" },
      { status: "check-email" },
      { status: "check-email" },
    ]);
    const [, toAccount, toStranger, toUnfinished] = mail.sent;
    expect(toAccount).toMatchObject({ to: email, subject: "Reset your password" });
    expect(resetToken(toAccount)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(toAccount?.text).toContain("It works once, for 1 hour.");
    for (const other of [toStranger, toUnfinished]) {
      expect(other?.subject).toBe("There is no Dialer account for this address");
      expect(resetToken(other)).toBeUndefined();
    }
    // Only the token's hash is stored.
    const [stored] = await db.query<{ token_hash: string }>(
      `select t.token_hash from auth.email_tokens t join auth.users u on u.id = t.user_id
       where lower(u.email) = $1 and t.purpose = 'recovery'`,
      [email],
    );
    expect(stored?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.token_hash).not.toContain(resetToken(toAccount));
  });

  it("sets the new password once, ending every session of the user and every older link", async () => {
    const { email, cookies } = await account();
    const other = jar();
    await auth(other).signIn({ email, password: PASSWORD });
    expect(await liveSessions(email)).toBe(2);
    const mail = recordingMailer();
    await requestPasswordReset({ auth: auth(), email, db: db.db, mail });
    await requestPasswordReset({ auth: auth(), email, db: db.db, mail });
    const [older, newer] = mail.sent.map((m) => resetToken(m) ?? "");

    const stale = await appErrorOf(auth().resetPassword({ token: older ?? "", password: "second password" }));
    expect(stale.code).toBe("bad_request");
    const browser = jar();
    await auth(browser).signIn({ email, password: PASSWORD });
    expect(await auth(browser).resetPassword({ token: newer ?? "", password: "second password" })).toEqual({
      email,
    });
    expect(browser.names()).not.toContain(SESSION_COOKIE);
    expect(await liveSessions(email)).toBe(0);
    expect(await auth(cookies).getUser()).toBeNull();
    expect(await auth(other).getUser()).toBeNull();
    expect((await appErrorOf(auth().signIn({ email, password: PASSWORD }))).code).toBe("unauthorized");
    expect(await auth().signIn({ email, password: "second password" })).toMatchObject({ email });

    const reused = await appErrorOf(auth().resetPassword({ token: newer ?? "", password: "third password" }));
    expect(reused).toMatchObject({ code: "bad_request" });
    expect(reused.message).toMatch(/expired or was already used/);
  });

  it(`stops a reset link working ${RESET_LIFETIME_SECONDS / 3600} hour after it was sent`, async () => {
    const { email } = await account();
    const mail = recordingMailer();
    await requestPasswordReset({ auth: auth(), email, db: db.db, mail });
    const token = resetToken(mail.sent[0]) ?? "";
    const expired = await appErrorOf(
      auth(jar(), later(RESET_LIFETIME_SECONDS + 1)).resetPassword({ token, password: "too late password" }),
    );
    expect(expired.code).toBe("bad_request");
    await auth(jar(), later(RESET_LIFETIME_SECONDS - 1)).resetPassword({ token, password: "just in time" });
    expect(await auth().signIn({ email, password: "just in time" })).toMatchObject({ email });
  });

  it("changes the password given the current one, keeping this session and ending the others", async () => {
    const { email, cookies } = await account();
    const other = jar();
    await auth(other).signIn({ email, password: PASSWORD });

    const wrong = await appErrorOf(
      auth(cookies).changePassword({ currentPassword: "not it", newPassword: "a new password" }),
    );
    expect(wrong).toMatchObject({
      code: "unauthorized",
      details: { fields: { currentPassword: "is not right" } },
    });
    const same = await appErrorOf(
      auth(cookies).changePassword({ currentPassword: PASSWORD, newPassword: PASSWORD }),
    );
    expect(same).toMatchObject({
      code: "validation",
      details: { fields: { newPassword: expect.any(String) } },
    });

    await auth(cookies).changePassword({ currentPassword: PASSWORD, newPassword: "a new password" });
    expect(await auth(cookies).getUser()).toMatchObject({ email });
    expect(await auth(other).getUser()).toBeNull();
    expect(await liveSessions(email)).toBe(1);
    expect((await appErrorOf(auth().signIn({ email, password: PASSWORD }))).code).toBe("unauthorized");
    expect(await auth().signIn({ email, password: "a new password" })).toMatchObject({ email });

    const signedOut = await appErrorOf(
      auth(jar()).changePassword({ currentPassword: "a new password", newPassword: "another one" }),
    );
    expect(signedOut.code).toBe("unauthorized");
  });

  it("counts wrong current passwords with the sign-in throttle", async () => {
    const { cookies } = await account();
    // This browser signed in before: 5 tries as a trusted device, then 5 more as a stranger.
    for (let i = 0; i < 10; i++) {
      const wrong = await appErrorOf(
        auth(cookies).changePassword({ currentPassword: `guess ${i}`, newPassword: "whatever it is" }),
      );
      expect(wrong.code).toBe("unauthorized");
    }
    const limited = await appErrorOf(
      auth(cookies).changePassword({ currentPassword: PASSWORD, newPassword: "whatever it is" }),
    );
    expect(limited.code).toBe("rate_limited");
  });

  it("sends a waiting sign-up a new link that finishes it with the password chosen then", async () => {
    const email = uniqueEmail("resend");
    const mail = recordingMailer();
    await signUp({
      auth: auth(),
      input: { email, password: "chosen at sign-up", fullName: "R", organizationName: "Resend Co" },
      db: db.db,
      mail,
    });
    const confirmed = uniqueEmail("confirmed");
    await auth().createConfirmedUser({ email: confirmed, password: PASSWORD });
    const answers = [];
    for (const address of [email, confirmed, uniqueEmail("nobody")]) {
      answers.push(await resendConfirmation({ auth: auth(), email: address, db: db.db, mail }));
    }
    expect(answers.every((a) => a.status === "check-email")).toBe(true);
    expect(mail.sent.map((m) => m.to)).toEqual([email, email]);
    const [first, second] = mail.sent.map((m) => confirmationToken(m) ?? "");
    expect(second).not.toBe(first);
    // Clicking on makes no more than a few live links.
    for (let i = 0; i < 10; i++) await auth().resendConfirmation({ email });
    const [live] = await db.query<{ n: number }>(
      `select count(*)::int as n from auth.email_tokens t join auth.users u on u.id = t.user_id
       where lower(u.email) = $1 and t.purpose = 'signup'`,
      [email],
    );
    expect(live?.n).toBe(MAX_LIVE_SIGN_UP_LINKS);
    const done = await confirmSignUp({
      auth: auth(),
      input: { token: second ?? "", password: "chosen at sign-up" },
      db: db.db,
    });
    const [org] = await db.query<{ name: string }>(
      `select o.name from public.organizations o join public.memberships m on m.org_id = o.id where m.user_id = $1`,
      [done.userId],
    );
    expect(org?.name).toBe("Resend Co");
    // One sign-up, one account: the other links of the same sign-up are spent with it.
    expect(
      (
        await appErrorOf(
          confirmSignUp({ auth: auth(), input: { token: first ?? "", password: "x" }, db: db.db }),
        )
      ).code,
    ).toBe("bad_request");
  });

  it("keeps account emails in the local mailbox when nothing is sent (local mode on this machine)", async () => {
    const { email } = await account();
    await requestPasswordReset({ auth: auth(), email, db: db.db, mail: createOutboxMailer() });
    const [newest] = await withService((tx) => listAccountEmails(tx, { limit: 5 }), db.db);
    expect(newest).toMatchObject({ recipient: email, subject: "Reset your password" });
    expect(newest?.text).toMatch(
      /Choose a new password: http:\/\/\S+\/auth\/confirm\?token_hash=\S+&type=recovery/,
    );
    expect(newest?.html).toContain("Choose a new password");
  });
});
