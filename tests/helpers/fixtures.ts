import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import type { MemberRole } from "@/lib/db/queries/memberships";
import type { UserClaims } from "@/lib/db/with-user";
import { withService } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/integrations/auth/builtin/password";
import { createOrganization } from "@/lib/services/organizations/create-organization";

export type TestUser = { id: string; email: string; fullName: string; claims: UserClaims };

/** A unique address per call, so fixtures never collide inside one database. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${randomBytes(5).toString("hex")}@example.test`;
}

/**
 * Inserts a user straight into `auth.users` through the owner connection (no sign-up flow).
 * The password is hashed only when given: argon2 is deliberately slow.
 */
export async function createAuthUser(
  handle: DbHandle,
  options: { email?: string; password?: string; fullName?: string; profile?: boolean } = {},
): Promise<TestUser> {
  const email = (options.email ?? uniqueEmail()).toLowerCase();
  const fullName = options.fullName ?? email.split("@")[0] ?? email;
  const hash = options.password ? await hashPassword(options.password) : null;
  const [row] = await handle.query<{ id: string }>(
    `insert into auth.users (email, encrypted_password, email_confirmed_at) values ($1, $2, now()) returning id`,
    [email, hash],
  );
  if (!row) throw new Error("insert into auth.users returned nothing");
  if (options.profile) {
    await handle.query(`insert into public.profiles (id, email, full_name) values ($1, $2, $3)`, [
      row.id,
      email,
      fullName,
    ]);
  }
  return { id: row.id, email, fullName, claims: { sub: row.id, email, role: "authenticated" } };
}

/** Adds an existing user to an organization (owner connection; no invitation). */
export async function addMember(
  handle: DbHandle,
  { orgId, user, role }: { orgId: string; user: TestUser; role: MemberRole },
): Promise<void> {
  await handle.query(
    `insert into public.profiles (id, email, full_name) values ($1, $2, $3) on conflict (id) do nothing`,
    [user.id, user.email, user.fullName],
  );
  await handle.query(`insert into public.memberships (org_id, user_id, role) values ($1, $2, $3)`, [
    orgId,
    user.id,
    role,
  ]);
}

export type TestOrg<K extends string> = { orgId: string; name: string; members: Record<K, TestUser> };

/**
 * An organization created the way sign-up creates one (`createOrganization` as the service role,
 * with the first owner listed as its creator), then one new user per remaining entry with the
 * given role. Every user gets a profile.
 */
export async function createOrgWithMembers<K extends string>(
  handle: DbHandle,
  { name, members }: { name?: string; members: Record<K, MemberRole> },
): Promise<TestOrg<K>> {
  const entries = Object.entries(members) as [K, MemberRole][];
  const creator = entries.find(([, role]) => role === "owner");
  if (!creator) throw new Error("createOrgWithMembers needs at least one owner");
  const users = {} as Record<K, TestUser>;
  for (const [label] of entries) users[label] = await createAuthUser(handle, { email: uniqueEmail(label) });
  const owner = users[creator[0]];
  const orgName = name ?? `Org ${randomBytes(3).toString("hex")}`;
  const org = await withService(
    (tx) =>
      createOrganization({
        tx,
        owner: { id: owner.id, email: owner.email, fullName: owner.fullName },
        name: orgName,
      }),
    handle.db,
  );
  for (const [label, role] of entries) {
    if (label === creator[0]) continue;
    await addMember(handle, { orgId: org.id, user: users[label], role });
  }
  return { orgId: org.id, name: orgName, members: users };
}

/** The SQLSTATE of a database error, looking through Drizzle's wrapper (`cause`). */
export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The AppError a promise rejects with; fails the test when it resolves or throws anything else. */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}
