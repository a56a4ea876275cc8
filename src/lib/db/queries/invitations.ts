import { and, desc, eq, getTableColumns, gt, isNull, sql } from "drizzle-orm";
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
    /** How long the link lives, from the database's clock (the one `expires_at` is compared with). */
    ttlDays: number;
  },
): Promise<Invitation> {
  const { ttlDays, ...rest } = values;
  const [row] = await tx
    .insert(invitations)
    .values({ ...rest, expiresAt: sql`now() + make_interval(days => ${ttlDays})` })
    .returning();
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
        gt(invitations.expiresAt, sql`now()`),
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
        gt(invitations.expiresAt, sql`now()`),
      ),
    );
  return row;
}

/** The invitation with this token hash; `expired` is decided by the database's clock. */
export async function getInvitationByTokenHash(tx: Tx, { tokenHash }: { tokenHash: string }) {
  const [row] = await tx
    .select({ ...getTableColumns(invitations), expired: sql<boolean>`${invitations.expiresAt} <= now()` })
    .from(invitations)
    .where(eq(invitations.tokenHash, tokenHash));
  return row;
}

export async function markInvitationAccepted(tx: Tx, { id }: { id: string }) {
  await tx.update(invitations).set({ acceptedAt: sql`now()` }).where(eq(invitations.id, id));
}

export async function revokeInvitation(
  tx: Tx,
  { orgId, id }: { orgId: string; id: string },
): Promise<number> {
  const rows = await tx
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(invitations.orgId, orgId), eq(invitations.id, id), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  return rows.length;
}
