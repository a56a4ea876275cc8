import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { invitations } from "../schema";
import type { MemberRole } from "./memberships";

export type Invitation = typeof invitations.$inferSelect;

export async function insertInvitation(
  tx: Tx,
  values: {
    orgId: string;
    email: string;
    role: MemberRole;
    tokenHash: string;
    invitedBy: string;
    expiresAt: Date;
  },
): Promise<Invitation> {
  const [row] = await tx.insert(invitations).values(values).returning();
  if (!row) throw new Error("insert into invitations returned nothing");
  return row;
}

export async function listPendingInvitations(tx: Tx, { orgId }: { orgId: string }) {
  return tx
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, orgId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(invitations.createdAt));
}

export async function findPendingInvitationByEmail(
  tx: Tx,
  { orgId, email }: { orgId: string; email: string },
) {
  const [row] = await tx
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, orgId),
        sql`lower(${invitations.email}) = ${email.toLowerCase()}`,
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    );
  return row;
}

export async function getInvitationByTokenHash(tx: Tx, { tokenHash }: { tokenHash: string }) {
  const [row] = await tx.select().from(invitations).where(eq(invitations.tokenHash, tokenHash));
  return row;
}

export async function markInvitationAccepted(tx: Tx, { id }: { id: string }) {
  await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, id));
}

export async function revokeInvitation(
  tx: Tx,
  { orgId, id }: { orgId: string; id: string },
): Promise<number> {
  const rows = await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.orgId, orgId), eq(invitations.id, id), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  return rows.length;
}
