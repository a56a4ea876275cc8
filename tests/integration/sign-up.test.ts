import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BuiltinAuth, CONFIRMATION_LIFETIME_SECONDS } from "@/lib/integrations/auth/builtin/builtin-auth";
import { SESSION_COOKIE } from "@/lib/integrations/auth/builtin/session-token";
import type { CookieJar, CookieOptions } from "@/lib/integrations/auth/types";
import { confirmSignUp } from "@/lib/services/accounts/confirm-sign-up";
import { ACCOUNT_EMAILS_PER_HOUR } from "@/lib/services/accounts/send-account-email";
import { signUp } from "@/lib/services/accounts/sign-up";
import { appErrorOf, uniqueEmail } from "../helpers/fixtures";
import { confirmationToken, recordingMailer } from "../helpers/sign-up";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

const SECRET = "sign-up-test-secret-0123456789-abcdefghijklm";
const T0 = new Date("2031-05-06T09:00:00Z");

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

describe.each(testDbKinds())("sign-up on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(kind);
  });
  afterAll(() => db.destroy());

  const auth = (cookies: CookieJar = jar(), now = T0) =>
    new BuiltinAuth({ db: db.db, cookies, secret: SECRET, secureCookies: false, now: () => now });
  const form = (email: string, password = "attacker's choice 1", organizationName = "Probe Inc") => ({
    email,
    password,
    fullName: "Pat Probe",
    organizationName,
  });

  async function memberships(email: string): Promise<number> {
    const [row] = await db.query<{ n: number }>(
      `select count(*)::int as n from public.memberships m join auth.users u on u.id = m.user_id
       where lower(u.email) = $1`,
      [email],
    );
    return row?.n ?? -1;
  }

  async function existingAccount() {
    const email = uniqueEmail("owner");
    await auth().createConfirmedUser({ email, password: "the owner's password" });
    return email;
  }

  it("answers a taken address exactly as a new one, and emails the owner of each", async () => {
    const taken = await existingAccount();
    const fresh = uniqueEmail("new");
    const mail = recordingMailer();
    const [takenJar, freshJar] = [jar(), jar()];
    const forTaken = await signUp({ auth: auth(takenJar), input: form(taken), db: db.db, mail });
    const forFresh = await signUp({ auth: auth(freshJar), input: form(fresh), db: db.db, mail });

    expect(forTaken).toEqual({ status: "check-email" });
    expect(forFresh).toEqual(forTaken);
    expect([...takenJar.names(), ...freshJar.names()]).toEqual([]);

    const [toTaken, toFresh] = mail.sent;
    expect(toTaken).toMatchObject({ to: taken, subject: "You already have an account" });
    expect(toTaken?.text).toContain(`/sign-in?email=${encodeURIComponent(taken)}`);
    expect(confirmationToken(toTaken)).toBeUndefined();
    expect(toFresh).toMatchObject({ to: fresh, subject: "Confirm your email to finish signing up" });
    expect(confirmationToken(toFresh)).toBeTruthy();

    // Nothing about the taken account changed; the new address has nothing usable yet.
    expect(await auth().signIn({ email: taken, password: "the owner's password" })).toMatchObject({
      email: taken,
    });
    expect((await appErrorOf(auth().signIn({ email: taken, password: "attacker's choice 1" }))).code).toBe(
      "unauthorized",
    );
    expect(await memberships(taken)).toBe(0);
    expect(await memberships(fresh)).toBe(0);
  });

  it("refuses to sign in an unconfirmed sign-up, in the words used for a wrong password", async () => {
    const email = uniqueEmail("pending");
    await signUp({ auth: auth(), input: form(email, "my own password"), db: db.db, mail: recordingMailer() });
    const unconfirmed = await appErrorOf(auth().signIn({ email, password: "my own password" }));
    const wrong = await appErrorOf(auth().signIn({ email: await existingAccount(), password: "nope" }));
    expect(unconfirmed.code).toBe("unauthorized");
    expect(unconfirmed.message).toBe(wrong.message);
  });

  it("finishes the sign-up from its link once, only with the password chosen for it", async () => {
    const email = uniqueEmail("finisher");
    const mail = recordingMailer();
    await signUp({ auth: auth(), input: form(email, "finisher password", "Finish Co"), db: db.db, mail });
    const token = confirmationToken(mail.sent[0]) ?? "";

    const wrong = await appErrorOf(
      confirmSignUp({ auth: auth(), input: { token, password: "guess" }, db: db.db }),
    );
    expect(wrong.code).toBe("unauthorized");

    const cookies = jar();
    const done = await confirmSignUp({
      auth: auth(cookies),
      input: { token, password: "finisher password" },
      db: db.db,
    });
    expect(cookies.names()).toContain(SESSION_COOKIE);
    const [org] = await db.query<{ name: string; role: string }>(
      `select o.name, m.role from public.organizations o join public.memberships m on m.org_id = o.id
       where m.user_id = $1`,
      [done.userId],
    );
    expect(org).toEqual({ name: "Finish Co", role: "owner" });
    expect(await auth().signIn({ email, password: "finisher password" })).toMatchObject({ sub: done.userId });

    const again = await appErrorOf(
      confirmSignUp({ auth: auth(), input: { token, password: "finisher password" }, db: db.db }),
    );
    expect(again.code).toBe("bad_request");
  });

  it("never lets someone else's sign-up of your address become your account", async () => {
    const victim = uniqueEmail("victim");
    const mail = recordingMailer();
    // The attacker signs the address up first, then the owner does; both links reach the owner.
    await signUp({ auth: auth(), input: form(victim, "attacker password"), db: db.db, mail });
    await signUp({ auth: auth(), input: form(victim, "owner password", "Owner Co"), db: db.db, mail });
    const [attackersLink, ownersLink] = mail.sent.map((m) => confirmationToken(m) ?? "");

    // The attacker's link does not take the owner's password, and the owner does not know theirs.
    const refused = await appErrorOf(
      confirmSignUp({
        auth: auth(),
        input: { token: attackersLink ?? "", password: "owner password" },
        db: db.db,
      }),
    );
    expect(refused.code).toBe("unauthorized");
    await confirmSignUp({
      auth: auth(),
      input: { token: ownersLink ?? "", password: "owner password" },
      db: db.db,
    });

    expect((await appErrorOf(auth().signIn({ email: victim, password: "attacker password" }))).code).toBe(
      "unauthorized",
    );
    const dead = await appErrorOf(
      confirmSignUp({
        auth: auth(),
        input: { token: attackersLink ?? "", password: "attacker password" },
        db: db.db,
      }),
    );
    expect(dead.code).toBe("bad_request");
    expect(await auth().signIn({ email: victim, password: "owner password" })).toMatchObject({
      email: victim,
    });
  });

  it(`stops working ${CONFIRMATION_LIFETIME_SECONDS / 3600} hours after the sign-up`, async () => {
    const email = uniqueEmail("late");
    const mail = recordingMailer();
    await signUp({ auth: auth(), input: form(email, "late password"), db: db.db, mail });
    const token = confirmationToken(mail.sent[0]) ?? "";
    const later = new Date(T0.getTime() + (CONFIRMATION_LIFETIME_SECONDS + 1) * 1000);
    const expired = await appErrorOf(
      confirmSignUp({ auth: auth(jar(), later), input: { token, password: "late password" }, db: db.db }),
    );
    expect(expired.code).toBe("bad_request");
  });

  it(`sends one address at most ${ACCOUNT_EMAILS_PER_HOUR} account emails an hour, answering the same`, async () => {
    const taken = await existingAccount();
    const mail = recordingMailer();
    const answers = [];
    for (let i = 0; i < 7; i++) {
      answers.push(await signUp({ auth: auth(), input: form(taken), db: db.db, mail }));
    }
    expect(answers.every((a) => a.status === "check-email")).toBe(true);
    // The limit is a fixed hourly window on the database clock: seven tries straddle at most one
    // window boundary, so at most two windows' worth can go out.
    expect(mail.sent.length).toBeGreaterThanOrEqual(ACCOUNT_EMAILS_PER_HOUR);
    expect(mail.sent.length).toBeLessThanOrEqual(2 * ACCOUNT_EMAILS_PER_HOUR);
  });
});
