import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Tx } from "@/lib/db/client";
import { withService, withUser } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import { changeMemberRole, removeMember } from "@/lib/services/organizations/manage-members";
import type { Actor } from "@/lib/services/organizations/roles";
import {
  addMember,
  createAuthUser,
  createOrgWithMembers,
  pgErrorCode,
  type TestUser,
} from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

/*
 * An organization always keeps an owner. The services say so with a clear error, and the database
 * enforces it (supabase/migrations/*_last_owner.sql) for every path: a user's own SQL under RLS,
 * trusted code, the owner connection, and two owners acting at once.
 */

const LAST_OWNER = /An organization needs at least one owner/;
const CHECK_VIOLATION = "23514";

type Pair = { orgId: string; a: TestUser; b: TestUser };

async function twoOwners(db: TestDb): Promise<Pair> {
  const org = await createOrgWithMembers(db, { members: { a: "owner", b: "owner" } });
  return { orgId: org.orgId, a: org.members.a, b: org.members.b };
}

function actor(orgId: string, user: TestUser): Actor {
  return { userId: user.id, email: user.email, orgId, role: "owner" };
}

async function ownerCount(db: TestDb, orgId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "select count(*)::int as n from public.memberships where org_id = $1 and role = 'owner'",
    [orgId],
  );
  return Number(row?.n);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected the database to refuse"),
    (error: unknown) => error,
  );
}

/** The database's own refusal: a check violation carrying the service's wording. */
function expectLastOwnerRefusal(error: unknown): void {
  expect(pgErrorCode(error), String(error)).toBe(CHECK_VIOLATION);
  let text = "";
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    text += ` ${(e as Error).message}`;
  }
  expect(text).toMatch(LAST_OWNER);
}

describe.each(testDbKinds())("the last owner on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(kind);
  });
  afterAll(() => db.destroy());

  it("an owner's own SQL can't demote or remove the last owner, even bypassing the services", async () => {
    const org = await createOrgWithMembers(db, { members: { owner: "owner", admin: "admin" } });
    const me = org.members.owner;
    const as = (statement: ReturnType<typeof sql>) =>
      withUser(me.claims, (tx) => tx.execute(statement), db.db);
    expectLastOwnerRefusal(
      await failure(
        as(
          sql`update public.memberships set role = 'admin' where org_id = ${org.orgId} and user_id = ${me.id}`,
        ),
      ),
    );
    // Leaving is allowed to anyone by RLS, but not to the last owner.
    expectLastOwnerRefusal(
      await failure(
        as(sql`delete from public.memberships where org_id = ${org.orgId} and user_id = ${me.id}`),
      ),
    );
    expect(await ownerCount(db, org.orgId)).toBe(1);
  });

  it("one statement can't demote every owner at once", async () => {
    const { orgId, a } = await twoOwners(db);
    expectLastOwnerRefusal(
      await failure(
        withUser(
          a.claims,
          (tx) => tx.execute(sql`update public.memberships set role = 'member' where org_id = ${orgId}`),
          db.db,
        ),
      ),
    );
    expect(await ownerCount(db, orgId)).toBe(2);
  });

  it("trusted code and the owner connection are held to it too", async () => {
    const org = await createOrgWithMembers(db, { members: { owner: "owner" } });
    const id = org.members.owner.id;
    expectLastOwnerRefusal(
      await failure(
        withService(
          (tx) =>
            tx.execute(sql`delete from public.memberships where org_id = ${org.orgId} and user_id = ${id}`),
          db.db,
        ),
      ),
    );
    expectLastOwnerRefusal(
      await failure(
        db.query("update public.memberships set role = 'member' where org_id = $1 and user_id = $2", [
          org.orgId,
          id,
        ]),
      ),
    );
    expect(await ownerCount(db, org.orgId)).toBe(1);
  });

  it("handing over works: promote someone, then step down, in either one or two transactions", async () => {
    const org = await createOrgWithMembers(db, {
      members: { owner: "owner", next: "admin", later: "member" },
    });
    const { owner, next, later } = org.members;
    await withUser(
      owner.claims,
      async (tx) => {
        await changeMemberRole({ tx, actor: actor(org.orgId, owner), userId: next.id, role: "owner" });
        await changeMemberRole({ tx, actor: actor(org.orgId, owner), userId: owner.id, role: "admin" });
      },
      db.db,
    );
    await withUser(
      next.claims,
      (tx) => changeMemberRole({ tx, actor: actor(org.orgId, next), userId: later.id, role: "owner" }),
      db.db,
    );
    await withUser(
      next.claims,
      (tx) => removeMember({ tx, actor: actor(org.orgId, next), userId: next.id }),
      db.db,
    );
    const rows = await db.query<{ user_id: string; role: string }>(
      "select user_id, role::text as role from public.memberships where org_id = $1 order by role, user_id",
      [org.orgId],
    );
    expect(Object.fromEntries(rows.map((r) => [r.user_id, r.role]))).toEqual({
      [owner.id]: "admin",
      [later.id]: "owner",
    });
  });

  it("deleting the organization still takes its memberships with it", async () => {
    const org = await createOrgWithMembers(db, { members: { owner: "owner", member: "member" } });
    await withUser(
      org.members.owner.claims,
      (tx) => tx.execute(sql`delete from public.organizations where id = ${org.orgId}`),
      db.db,
    );
    const [row] = await db.query<{ n: number }>(
      "select count(*)::int as n from public.memberships where org_id = $1",
      [org.orgId],
    );
    expect(row?.n).toBe(0);
  });

  it("an account that is an organization's only owner can't be deleted until someone else owns it", async () => {
    const org = await createOrgWithMembers(db, { members: { owner: "owner" } });
    const owner = org.members.owner;
    expectLastOwnerRefusal(await failure(db.query("delete from auth.users where id = $1", [owner.id])));
    const heir = await createAuthUser(db);
    await addMember(db, { orgId: org.orgId, user: heir, role: "owner" });
    await db.query("delete from auth.users where id = $1", [owner.id]);
    expect(await ownerCount(db, org.orgId)).toBe(1);
  });
});

// ---- two owners at once ------------------------------------------------------------------------

type Op = (tx: Tx, orgId: string, self: TestUser, other: TestUser) => Promise<void>;

const demoteOther: Op = (tx, orgId, self, other) =>
  changeMemberRole({ tx, actor: actor(orgId, self), userId: other.id, role: "admin" });
const removeOther: Op = (tx, orgId, self, other) =>
  removeMember({ tx, actor: actor(orgId, self), userId: other.id });
const leave: Op = (tx, orgId, self) => removeMember({ tx, actor: actor(orgId, self), userId: self.id });
const stepDown: Op = (tx, orgId, self) =>
  changeMemberRole({ tx, actor: actor(orgId, self), userId: self.id, role: "admin" });

const RACES: [string, Op, Op][] = [
  ["two owners demote each other", demoteOther, demoteOther],
  ["two owners remove each other", removeOther, removeOther],
  ["two owners both leave", leave, leave],
  ["one owner leaves while the other steps down to admin", leave, stepDown],
  ["one owner demotes the other while that one removes them", demoteOther, removeOther],
];

/**
 * Resolves once the backend `pid` waits on a lock, or once `done` settles, whichever comes first:
 * the same test Postgres's own isolation tester makes (`pg_blocking_pids`). Each round is one
 * awaited query; nothing sleeps.
 */
async function blockedOrDone(db: TestDb, pid: number, done: Promise<unknown>): Promise<void> {
  let settled = false;
  done.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  while (!settled) {
    const [row] = await db.query<{ blocked: boolean }>(
      "select cardinality(pg_blocking_pids($1::int)) > 0 as blocked",
      [pid],
    );
    if (row?.blocked) return;
  }
}

// Overlapping transactions only overlap on real connections; PGlite is one connection that runs one
// transaction at a time, so there these tests would prove nothing.
describe.each(testDbKinds())(
  "two owners at once on %s (Postgres only: PGlite runs one transaction at a time)",
  (kind) => {
    const skip = kind !== "postgres";
    let db: TestDb;
    beforeAll(async () => {
      if (!skip) db = await createTestDb(kind, { max: 5 });
    });
    afterAll(async () => {
      if (!skip) await db.destroy();
    });

    it.skipIf(skip).each(RACES)("%s: one of them wins, the other is told why", async (_, first, second) => {
      const { orgId, a, b } = await twoOwners(db);

      // a acts and holds its transaction open; b acts while a's change is uncommitted, each having
      // checked the owner count before the other's change was visible. a commits only once b has
      // finished, or is waiting on a lock (as it must if the guard is atomic).
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let acted!: () => void;
      const aActed = new Promise<void>((resolve) => {
        acted = resolve;
      });
      const aDone = withUser(
        a.claims,
        async (tx) => {
          await first(tx, orgId, a, b);
          acted();
          await held;
        },
        db.db,
      );
      await Promise.race([aActed, aDone]);

      let started!: (pid: number) => void;
      const bPid = new Promise<number>((resolve) => {
        started = resolve;
      });
      const bDone = withUser(
        b.claims,
        async (tx) => {
          const [row] = rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`));
          started(Number(row?.pid));
          await second(tx, orgId, b, a);
        },
        db.db,
      );
      await blockedOrDone(db, await Promise.race([bPid, bDone.then(() => -1)]), bDone);
      release();

      const [aResult, bResult] = await Promise.allSettled([aDone, bDone]);
      expect(aResult.status).toBe("fulfilled");
      expect(bResult.status).toBe("rejected");
      const error = (bResult as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("conflict");
      expect((error as AppError).message).toMatch(LAST_OWNER);
      expect(await ownerCount(db, orgId)).toBe(1);
    });
  },
);
