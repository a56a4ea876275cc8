import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser } from "@/lib/db/with-user";
import { SupabaseAuth } from "@/lib/integrations/auth/supabase/supabase-auth";
import type { CookieJar } from "@/lib/integrations/auth/types";
import { confirmSignUp } from "@/lib/services/accounts/confirm-sign-up";
import { requestPasswordReset } from "@/lib/services/accounts/request-password-reset";
import { signUp } from "@/lib/services/accounts/sign-up";
import { inviteMember } from "@/lib/services/organizations/invite-member";
import { type GoTrueFake, startGoTrueFake } from "../fakes/gotrue-fake";
import { appErrorOf, createOrgWithMembers, uniqueEmail } from "../helpers/fixtures";
import { recordingMailer } from "../helpers/sign-up";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

const T0 = Date.parse("2031-05-06T09:00:00Z");

function jar(): CookieJar {
  const values = new Map<string, string>();
  return {
    getAll: () => [...values].map(([name, value]) => ({ name, value })),
    set: (name, value, options) => {
      if (value === "" || options.maxAge === 0) values.delete(name);
      else values.set(name, value);
    },
  };
}

/*
 * The sign-up service in hosted mode, against the GoTrue fake configured like a new hosted
 * project ("Confirm email" on) and writing its users to the test database's auth.users, as the
 * real server writes to the project's.
 */
describe.each(testDbKinds())("sign-up with Supabase Auth on %s", (kind) => {
  let db: TestDb;
  let fake: GoTrueFake;
  let clock = T0;
  beforeAll(async () => {
    db = await createTestDb(kind);
    fake = await startGoTrueFake({ db, now: () => clock, emailsPerHour: 1000 });
  });
  afterAll(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
    await db.destroy();
  });

  const auth = (cookies: CookieJar = jar()) =>
    new SupabaseAuth({ url: fake.url, anonKey: fake.anonKey, cookies, now: () => new Date(clock) });
  const form = (email: string, extra: { organizationName?: string; inviteToken?: string } = {}) => ({
    email,
    password: "chosen password 1",
    fullName: "Sue Base",
    ...extra,
  });

  async function tenancyOf(email: string) {
    return db.query<{ profile: string | null; org: string | null; role: string | null; confirmed: boolean }>(
      `select p.full_name as profile, o.name as org, m.role::text as role, u.email_confirmed_at is not null as confirmed
       from auth.users u
       left join public.profiles p on p.id = u.id
       left join public.memberships m on m.user_id = u.id
       left join public.organizations o on o.id = m.org_id
       where lower(u.email) = $1`,
      [email],
    );
  }

  async function signUpAndConfirm(email: string, organizationName: string) {
    await signUp({
      auth: auth(),
      input: form(email, { organizationName }),
      db: db.db,
      mail: recordingMailer(),
    });
    const token = fake.lastEmail(email, "signup")?.tokenHash ?? "";
    return confirmSignUp({ auth: auth(), input: { token, type: "email" }, db: db.db });
  }

  it("makes no profile, organization or membership until the address is confirmed", async () => {
    const email = uniqueEmail("sue");
    const mail = recordingMailer();
    const cookies = jar();
    const answer = await signUp({
      auth: auth(cookies),
      input: form(email, { organizationName: "Sue Co" }),
      db: db.db,
      mail,
    });
    expect(answer).toEqual({ status: "check-email" });
    // Supabase sends the confirmation itself; the account exists, unconfirmed, and nothing of ours.
    expect(mail.sent).toEqual([]);
    expect(await tenancyOf(email)).toEqual([{ profile: null, org: null, role: null, confirmed: false }]);

    const link = fake.lastEmail(email, "signup");
    const done = await confirmSignUp({
      auth: auth(cookies),
      input: { token: link?.tokenHash ?? "", type: "email" },
      db: db.db,
    });
    expect(done.orgId).toBeTruthy();
    expect(await tenancyOf(email)).toEqual([
      { profile: "Sue Base", org: "Sue Co", role: "owner", confirmed: true },
    ]);
    expect(await auth(cookies).getUser()).toMatchObject({ sub: done.userId, email });
  });

  it("answers a sign-up for a confirmed address like a new one and emails its owner, changing nothing", async () => {
    const email = uniqueEmail("taken");
    await signUpAndConfirm(email, "Taken Co");
    clock += 120_000;
    const mail = recordingMailer();
    const fresh = uniqueEmail("fresh");
    const forTaken = await signUp({
      auth: auth(),
      input: form(email, { organizationName: "Probe" }),
      db: db.db,
      mail,
    });
    const forFresh = await signUp({
      auth: auth(),
      input: form(fresh, { organizationName: "Probe" }),
      db: db.db,
      mail,
    });
    expect(forTaken).toEqual({ status: "check-email" });
    expect(forFresh).toEqual(forTaken);
    // Supabase sent nothing for the taken address (it never does); we did, through the mail port.
    expect(mail.sent.map((m) => [m.to, m.subject])).toEqual([[email, "You already have an account"]]);
    expect(fake.lastEmail(fresh, "signup")).toBeDefined();
    expect(await tenancyOf(email)).toEqual([
      { profile: "Sue Base", org: "Taken Co", role: "owner", confirmed: true },
    ]);
  });

  it("with confirmations off, signs in at once and creates the organization", async () => {
    fake.confirmations = false;
    try {
      const email = uniqueEmail("quick");
      const cookies = jar();
      const answer = await signUp({
        auth: auth(cookies),
        input: form(email, { organizationName: "Quick Co" }),
        db: db.db,
        mail: recordingMailer(),
      });
      expect(answer).toMatchObject({ status: "signed-in", orgId: expect.any(String) });
      expect(await tenancyOf(email)).toEqual([
        { profile: "Sue Base", org: "Quick Co", role: "owner", confirmed: true },
      ]);
      expect(await auth(cookies).getUser()).toMatchObject({ email });
    } finally {
      fake.confirmations = true;
    }
  });

  it("joins an invitation's organization at the confirmed sign-in, for the invited address only", async () => {
    const org = await createOrgWithMembers(db, { name: "Host Co", members: { owner: "owner" } });
    const invited = uniqueEmail("invited");
    const { url } = await withUser(
      org.members.owner.claims,
      (tx) =>
        inviteMember({
          tx,
          actor: {
            userId: org.members.owner.id,
            email: org.members.owner.email,
            orgId: org.orgId,
            role: "owner",
          },
          input: { email: invited, role: "admin" },
          appUrl: "http://localhost:3000",
        }),
      db.db,
    );
    const inviteToken = url.split("/invite/")[1] ?? "";
    const intruder = uniqueEmail("intruder");
    const refused = await appErrorOf(
      signUp({ auth: auth(), input: form(intruder, { inviteToken }), db: db.db, mail: recordingMailer() }),
    );
    expect(refused.details?.fields).toEqual({ email: "must match the invitation" });
    expect(fake.lastEmail(intruder, "signup")).toBeUndefined();

    await signUp({ auth: auth(), input: form(invited, { inviteToken }), db: db.db, mail: recordingMailer() });
    expect(await tenancyOf(invited)).toEqual([{ profile: null, org: null, role: null, confirmed: false }]);
    const token = fake.lastEmail(invited, "signup")?.tokenHash ?? "";
    const done = await confirmSignUp({ auth: auth(), input: { token, type: "email" }, db: db.db });
    expect(done.orgId).toBe(org.orgId);
    expect(await tenancyOf(invited)).toEqual([
      { profile: "Sue Base", org: "Host Co", role: "admin", confirmed: true },
    ]);
  });

  it("makes nothing more when a link signs in a user who finished signing up before", async () => {
    const email = uniqueEmail("again");
    await signUpAndConfirm(email, "Once Co");
    clock += 120_000;
    await requestPasswordReset({ auth: auth(), email, db: db.db, mail: recordingMailer() });
    // Supabase's `type=email` also takes a reset link's hash (it signs in, as a magic link does).
    const token = fake.lastEmail(email, "recovery")?.tokenHash ?? "";
    const again = await confirmSignUp({ auth: auth(), input: { token, type: "email" }, db: db.db });
    expect(again.orgId).toBeNull();
    expect(await tenancyOf(email)).toEqual([
      { profile: "Sue Base", org: "Once Co", role: "owner", confirmed: true },
    ]);
  });
});
