import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { memberships, organizations, profiles } from "../schema";

export type MemberRole = (typeof memberships.$inferSelect)["role"];

export async function listMembershipsForUser(tx: Tx, { userId }: { userId: string }) {
  return tx
    .select({ orgId: memberships.orgId, role: memberships.role, orgName: organizations.name })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt));
}

export async function listMembers(tx: Tx, { orgId }: { orgId: string }) {
  return tx
    .select({
      userId: memberships.userId,
      role: memberships.role,
      joinedAt: memberships.createdAt,
      email: profiles.email,
      fullName: profiles.fullName,
    })
    .from(memberships)
    .leftJoin(profiles, eq(profiles.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(memberships.createdAt));
}

export async function getMembership(tx: Tx, { orgId, userId }: { orgId: string; userId: string }) {
  const [row] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row;
}

export async function insertMembership(
  tx: Tx,
  values: { orgId: string; userId: string; role: MemberRole },
): Promise<boolean> {
  const rows = await tx.insert(memberships).values(values).onConflictDoNothing().returning();
  return rows.length > 0;
}

export async function updateMembershipRole(
  tx: Tx,
  { orgId, userId, role }: { orgId: string; userId: string; role: MemberRole },
): Promise<number> {
  const rows = await tx
    .update(memberships)
    .set({ role, updatedAt: sql`now()` })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  return rows.length;
}

export async function deleteMembership(tx: Tx, { orgId, userId }: { orgId: string; userId: string }) {
  const rows = await tx
    .delete(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  return rows.length;
}
