import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MemberRole } from "@/lib/db/queries/memberships";
import { withService, withUser } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import { BuiltinAuth } from "@/lib/integrations/auth/builtin/builtin-auth";
import { signUp } from "@/lib/services/accounts/sign-up";
import { acceptInvitation } from "@/lib/services/organizations/accept-invitation";
import { getOrgContext } from "@/lib/services/organizations/get-org-context";
import { hashInvitationToken, inviteMember } from "@/lib/services/organizations/invite-member";
import {
  changeMemberRole,
  removeMember,
  revokeInvitation,
} from "@/lib/services/organizations/manage-members";
import type { Actor } from "@/lib/services/organizations/roles";
import { updateOrganization } from "@/lib/services/organizations/update-organization";
import {
  addMember,
  createAuthUser,
  createOrgWithMembers,
  pgErrorCode,
  type TestOrg,
  type TestUser,
  uniqueEmail,
} from "../helpers/fixtures";
import { noCookies, signUpAndConfirm } from "../helpers/sign-up";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

const APP_URL = "https://dialer.test";
const SECRET = "test-session-secret-0123456789-abcdefghijklmnop";

type Trio = TestOrg<"owner" | "admin" | "member">;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
}

async function appError(promise: Promise<unknown>, code: AppError["code"]): Promise<AppError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe.each(testDbKinds())("tenancy services on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(kind);
  });
  afterAll(() => db.destroy());

  const actorOf = (org: { orgId: string }, user: TestUser, role: MemberRole): Actor => ({
    userId: user.id,
    email: user.email,
    orgId: org.orgId,
    role,
  });

  async function trio(): Promise<Trio> {
    return createOrgWithMembers(db, { members: { owner: "owner", admin: "admin", member: "member" } });
  }

  /** The organization's memberships as the owner connection sees them: user id -> role. */
  async function roles(orgId: string): Promise<Record<string, string>> {
    const rows = await db.query<{ user_id: string; role: string }>(
      "select user_id, role::text as role from public.memberships where org_id = $1",
      [orgId],
    );
    return Object.fromEntries(rows.map((r) => [r.user_id, r.role]));
  }

  async function invitationCount(orgId: string): Promise<number> {
    const [row] = await db.query<{ n: number }>(
      "select count(*)::int as n from public.invitations where org_id = $1",
      [orgId],
    );
    return Number(row?.n);
  }

  async function invite(org: Trio, as: "owner" | "admin", email: string, role: MemberRole = "member") {
    const user = org.members[as];
    const { url, invitation } = await withUser(
      user.claims,
      (tx) => inviteMember({ tx, actor: actorOf(org, user, as), input: { email, role }, appUrl: APP_URL }),
      db.db,
    );
    const token = url.split("/invite/")[1];
    if (!token) throw new Error(`no token in ${url}`);
    return { token, url, invitation };
  }

  async function accept(token: string, user: TestUser) {
    return withService(
      (tx) => acceptInvitation({ tx, token, user: { id: user.id, email: user.email } }),
      db.db,
    );
  }

  it("sign-up creates the organization with the new user as its owner, audited by the trigger", async () => {
    const email = uniqueEmail("founder");
    const confirmed = await signUpAndConfirm({
      db: db.db,
      secret: SECRET,
      input: { email, password: "long enough password", fullName: "Founder", organizationName: "Founder Co" },
    });
    if (!confirmed.orgId) throw new Error("the confirmed sign-up has no organization");
    const outcome = { userId: confirmed.userId, orgId: confirmed.orgId };
    const [org] = await db.query<{ name: string }>("select name from public.organizations where id = $1", [
      outcome.orgId,
    ]);
    expect(org?.name).toBe("Founder Co");
    expect(await roles(outcome.orgId)).toEqual({ [outcome.userId]: "owner" });
    const [profile] = await db.query<{ email: string; full_name: string }>(
      "select email, full_name from public.profiles where id = $1",
      [outcome.userId],
    );
    expect(profile).toEqual({ email, full_name: "Founder" });
    const audit = await db.query<{ action: string; actor_id: string | null; target_id: string }>(
      "select action, actor_id, target_id from public.audit_log where org_id = $1 order by id",
      [outcome.orgId],
    );
    // Written by the service role: no signed-in actor.
    expect(audit).toEqual([
      { action: "organizations.insert", actor_id: null, target_id: outcome.orgId },
      { action: "memberships.insert", actor_id: null, target_id: outcome.userId },
    ]);
    const context = await withUser(
      { sub: outcome.userId, email, role: "authenticated" },
      (tx) => getOrgContext({ tx, userId: outcome.userId }),
      db.db,
    );
    expect(context).toMatchObject({ orgId: outcome.orgId, orgName: "Founder Co", role: "owner" });
  });

  it("an invitation accepted by the invited address adds the member, once", async () => {
    const org = await trio();
    const email = uniqueEmail("invitee");
    const { token, url, invitation } = await invite(org, "admin", email, "admin");
    expect(url).toBe(`${APP_URL}/invite/${token}`);
    const [stored] = await db.query<{ token_hash: string; invited_by: string }>(
      "select token_hash, invited_by from public.invitations where id = $1",
      [invitation.id],
    );
    expect(stored).toEqual({ token_hash: hashInvitationToken(token), invited_by: org.members.admin.id });
    const [audited] = await db.query<{ actor_id: string }>(
      "select actor_id from public.audit_log where org_id = $1 and action = 'invitations.insert' and target_id = $2",
      [org.orgId, invitation.id],
    );
    expect(audited?.actor_id).toBe(org.members.admin.id);

    const invitee = await createAuthUser(db, { email: email.toUpperCase() });
    expect(await accept(token, invitee)).toEqual({ orgId: org.orgId });
    expect((await roles(org.orgId))[invitee.id]).toBe("admin");
    const [after] = await db.query<{ accepted: boolean }>(
      "select accepted_at is not null as accepted from public.invitations where id = $1",
      [invitation.id],
    );
    expect(after?.accepted).toBe(true);
    await appError(accept(token, invitee), "conflict");
  });

  it("signing up from an invitation link joins that organization instead of creating one", async () => {
    const org = await trio();
    const email = uniqueEmail("joiner");
    const { token } = await invite(org, "owner", email);
    const outcome = await signUpAndConfirm({
      db: db.db,
      secret: SECRET,
      input: { email, password: "long enough password", fullName: "Joiner", inviteToken: token },
    });
    expect(outcome.orgId).toBe(org.orgId);
    expect((await roles(org.orgId))[outcome.userId]).toBe("member");
    const [owned] = await db.query<{ n: number }>(
      "select count(*)::int as n from public.memberships where user_id = $1",
      [outcome.userId],
    );
    expect(owned?.n).toBe(1);
  });

  it("refuses an invitation accepted by another address", async () => {
    const org = await trio();
    const { token, invitation } = await invite(org, "owner", uniqueEmail("intended"));
    const someoneElse = await createAuthUser(db);
    await appError(accept(token, someoneElse), "forbidden");
    expect((await roles(org.orgId))[someoneElse.id]).toBeUndefined();
    const [row] = await db.query<{ accepted: boolean }>(
      "select accepted_at is not null as accepted from public.invitations where id = $1",
      [invitation.id],
    );
    expect(row?.accepted).toBe(false);

    // Signing up with another address from the link is refused before any account exists.
    const other = uniqueEmail("other");
    const auth = new BuiltinAuth({ db: db.db, cookies: noCookies(), secret: SECRET, secureCookies: false });
    await appError(
      signUp({
        auth,
        input: { email: other, password: "long enough password", fullName: "O", inviteToken: token },
        db: db.db,
      }),
      "bad_request",
    );
    const [users] = await db.query<{ n: number }>(
      "select count(*)::int as n from auth.users where email = $1",
      [other],
    );
    expect(users?.n).toBe(0);
  });

  it("refuses an expired invitation", async () => {
    const org = await trio();
    const email = uniqueEmail("late");
    const { token, invitation } = await invite(org, "owner", email);
    await db.query("update public.invitations set expires_at = now() - interval '1 minute' where id = $1", [
      invitation.id,
    ]);
    const invitee = await createAuthUser(db, { email });
    await appError(accept(token, invitee), "bad_request");
    expect((await roles(org.orgId))[invitee.id]).toBeUndefined();
  });

  it("refuses a revoked invitation", async () => {
    const org = await trio();
    const email = uniqueEmail("revoked");
    const { token, invitation } = await invite(org, "owner", email);
    await withUser(
      org.members.admin.claims,
      (tx) =>
        revokeInvitation({
          tx,
          actor: actorOf(org, org.members.admin, "admin"),
          invitationId: invitation.id,
        }),
      db.db,
    );
    const [row] = await db.query<{ revoked: boolean }>(
      "select revoked_at is not null as revoked from public.invitations where id = $1",
      [invitation.id],
    );
    expect(row?.revoked).toBe(true);
    const invitee = await createAuthUser(db, { email });
    await appError(accept(token, invitee), "not_found");
    expect((await roles(org.orgId))[invitee.id]).toBeUndefined();
  });

  it("a member can't invite, change roles, remove people, revoke invitations or edit the organization", async () => {
    const org = await trio();
    const { invitation } = await invite(org, "owner", uniqueEmail("pending"));
    const member = org.members.member;
    const actor = actorOf(org, member, "member");
    const before = await roles(org.orgId);
    const invitations = await invitationCount(org.orgId);
    const asMember = <T>(fn: Parameters<typeof withUser<T>>[1]) => withUser(member.claims, fn, db.db);

    await appError(
      asMember((tx) =>
        inviteMember({ tx, actor, input: { email: uniqueEmail("x"), role: "member" }, appUrl: APP_URL }),
      ),
      "forbidden",
    );
    await appError(
      asMember((tx) => changeMemberRole({ tx, actor, userId: org.members.admin.id, role: "member" })),
      "forbidden",
    );
    await appError(
      asMember((tx) => changeMemberRole({ tx, actor, userId: member.id, role: "admin" })),
      "forbidden",
    );
    await appError(
      asMember((tx) => removeMember({ tx, actor, userId: org.members.admin.id })),
      "forbidden",
    );
    await appError(
      asMember((tx) => revokeInvitation({ tx, actor, invitationId: invitation.id })),
      "forbidden",
    );
    await appError(
      asMember((tx) =>
        updateOrganization({
          tx,
          actor,
          input: { name: "Hijacked", defaultCountry: "GB", defaultTimezone: "Europe/London" },
        }),
      ),
      "forbidden",
    );

    expect(await roles(org.orgId)).toEqual(before);
    expect(await invitationCount(org.orgId)).toBe(invitations);
    const [row] = await db.query<{ name: string; revoked: boolean }>(
      `select o.name, i.revoked_at is not null as revoked from public.organizations o
       join public.invitations i on i.org_id = o.id where i.id = $1`,
      [invitation.id],
    );
    expect(row).toEqual({ name: org.name, revoked: false });
  });

  it("an admin manages members but can't grant, change or remove the owner role", async () => {
    const org = await trio();
    const admin = org.members.admin;
    const actor = actorOf(org, admin, "admin");
    const asAdmin = <T>(fn: Parameters<typeof withUser<T>>[1]) => withUser(admin.claims, fn, db.db);

    await appError(
      asAdmin((tx) =>
        inviteMember({ tx, actor, input: { email: uniqueEmail("boss"), role: "owner" }, appUrl: APP_URL }),
      ),
      "forbidden",
    );
    await appError(
      asAdmin((tx) => changeMemberRole({ tx, actor, userId: org.members.member.id, role: "owner" })),
      "forbidden",
    );
    await appError(
      asAdmin((tx) => changeMemberRole({ tx, actor, userId: admin.id, role: "owner" })),
      "forbidden",
    );
    await appError(
      asAdmin((tx) => changeMemberRole({ tx, actor, userId: org.members.owner.id, role: "admin" })),
      "forbidden",
    );
    await appError(
      asAdmin((tx) => removeMember({ tx, actor, userId: org.members.owner.id })),
      "forbidden",
    );
    expect(await roles(org.orgId)).toEqual({
      [org.members.owner.id]: "owner",
      [admin.id]: "admin",
      [org.members.member.id]: "member",
    });
    expect(await invitationCount(org.orgId)).toBe(0);

    // What an admin may do does happen.
    await asAdmin((tx) => changeMemberRole({ tx, actor, userId: org.members.member.id, role: "admin" }));
    expect((await roles(org.orgId))[org.members.member.id]).toBe("admin");
    await asAdmin((tx) => removeMember({ tx, actor, userId: org.members.member.id }));
    expect((await roles(org.orgId))[org.members.member.id]).toBeUndefined();
  });

  it("an admin can't revoke an owner's invitation: a clear forbidden, and the invitation stays", async () => {
    const org = await trio();
    const admin = org.members.admin;
    const { invitation } = await invite(org, "owner", uniqueEmail("co-owner"), "owner");
    await appError(
      withUser(
        admin.claims,
        (tx) => revokeInvitation({ tx, actor: actorOf(org, admin, "admin"), invitationId: invitation.id }),
        db.db,
      ),
      "forbidden",
    );
    const [row] = await db.query<{ revoked: boolean }>(
      "select revoked_at is not null as revoked from public.invitations where id = $1",
      [invitation.id],
    );
    expect(row?.revoked).toBe(false);
  });

  it("the last owner can be neither removed nor demoted; with a second owner they can", async () => {
    const org = await trio();
    const owner = org.members.owner;
    const actor = actorOf(org, owner, "owner");
    const asOwner = <T>(fn: Parameters<typeof withUser<T>>[1]) => withUser(owner.claims, fn, db.db);

    await appError(
      asOwner((tx) => changeMemberRole({ tx, actor, userId: owner.id, role: "admin" })),
      "conflict",
    );
    await appError(
      asOwner((tx) => removeMember({ tx, actor, userId: owner.id })),
      "conflict",
    );
    expect((await roles(org.orgId))[owner.id]).toBe("owner");

    await asOwner((tx) => changeMemberRole({ tx, actor, userId: org.members.admin.id, role: "owner" }));
    expect((await roles(org.orgId))[org.members.admin.id]).toBe("owner");
    await asOwner((tx) => changeMemberRole({ tx, actor, userId: owner.id, role: "admin" }));
    expect((await roles(org.orgId))[owner.id]).toBe("admin");
    const [audit] = await db.query<{ n: number }>(
      "select count(*)::int as n from public.audit_log where org_id = $1 and action = 'memberships.update' and actor_id = $2",
      [org.orgId, owner.id],
    );
    expect(audit?.n).toBe(2);
  });

  it("runs services under RLS: a caller claiming a role they don't hold changes nothing", async () => {
    const org = await trio();
    const member = org.members.member;
    // The request context says admin; the database knows better.
    const forged = actorOf(org, member, "admin");
    const asMember = <T>(fn: Parameters<typeof withUser<T>>[1]) => withUser(member.claims, fn, db.db);
    const before = await roles(org.orgId);

    const invited = await rejection(
      asMember((tx) =>
        inviteMember({
          tx,
          actor: forged,
          input: { email: uniqueEmail("sneaky"), role: "member" },
          appUrl: APP_URL,
        }),
      ),
    );
    expect(pgErrorCode(invited)).toBe("42501");
    await appError(
      asMember((tx) => changeMemberRole({ tx, actor: forged, userId: org.members.admin.id, role: "member" })),
      "forbidden",
    );
    await appError(
      asMember((tx) => removeMember({ tx, actor: forged, userId: org.members.admin.id })),
      "forbidden",
    );
    await appError(
      asMember((tx) =>
        updateOrganization({
          tx,
          actor: forged,
          input: { name: "Hijacked", defaultCountry: "GB", defaultTimezone: "Europe/London" },
        }),
      ),
      "forbidden",
    );
    expect(await roles(org.orgId)).toEqual(before);
    expect(await invitationCount(org.orgId)).toBe(0);

    // Someone from another organization pointing an owner actor at this one finds nobody there.
    const stranger = await createOrgWithMembers(db, { members: { boss: "owner" } });
    const intruder = actorOf(org, stranger.members.boss, "owner");
    await appError(
      withUser(
        stranger.members.boss.claims,
        (tx) => removeMember({ tx, actor: intruder, userId: org.members.owner.id }),
        db.db,
      ),
      "not_found",
    );
    expect(await roles(org.orgId)).toEqual(before);
  });

  it("an admin's changes are made as that user: the audit log names them", async () => {
    const org = await trio();
    const newcomer = await createAuthUser(db);
    await addMember(db, { orgId: org.orgId, user: newcomer, role: "member" });
    const admin = org.members.admin;
    await withUser(
      admin.claims,
      (tx) =>
        changeMemberRole({ tx, actor: actorOf(org, admin, "admin"), userId: newcomer.id, role: "admin" }),
      db.db,
    );
    const rows = await db.query<{ actor_id: string | null }>(
      "select actor_id from public.audit_log where org_id = $1 and action = 'memberships.update' and target_id = $2",
      [org.orgId, newcomer.id],
    );
    expect(rows).toEqual([{ actor_id: admin.id }]);
  });
});
