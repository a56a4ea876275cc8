import type { Tx } from "@/lib/db/client";
import { violatesConstraint } from "@/lib/db/errors";
import {
  listPendingInvitations,
  revokeInvitation as revokeInvitationRow,
} from "@/lib/db/queries/invitations";
import {
  deleteMembership,
  getMembership,
  type MemberRole,
  updateMembershipRole,
} from "@/lib/db/queries/memberships";
import { AppError } from "@/lib/errors";
import { type Actor, assertCanAdminister, assertCanAssign } from "./roles";

async function targetOf(tx: Tx, actor: Actor, userId: string) {
  const target = await getMembership(tx, { orgId: actor.orgId, userId });
  if (!target) throw new AppError("not_found", "That person is not a member of this organization.");
  return target;
}

/**
 * Runs a write that may take the owner role away. The database refuses one that would leave the
 * organization without an owner (supabase/migrations/*_last_owner.sql); counting first here
 * instead would let two owners demote each other at once.
 */
async function keepingAnOwner(write: Promise<number>): Promise<number> {
  try {
    return await write;
  } catch (error) {
    if (violatesConstraint(error, "memberships_keep_an_owner")) {
      throw new AppError(
        "conflict",
        "An organization needs at least one owner. Make someone else owner first.",
      );
    }
    throw error;
  }
}

/** Changes a member's role (admins; the owner role only by owners; never the last owner). */
export async function changeMemberRole({
  tx,
  actor,
  userId,
  role,
}: {
  tx: Tx;
  actor: Actor;
  userId: string;
  role: MemberRole;
}) {
  assertCanAssign(actor, role);
  const target = await targetOf(tx, actor, userId);
  if (target.role === role) return;
  assertCanAssign(actor, target.role);
  if ((await keepingAnOwner(updateMembershipRole(tx, { orgId: actor.orgId, userId, role }))) === 0) {
    throw new AppError("forbidden", "You can't change this member's role.");
  }
}

/** Removes a member (admins; owners only by owners; never the last owner). Anyone may leave. */
export async function removeMember({ tx, actor, userId }: { tx: Tx; actor: Actor; userId: string }) {
  const target = await targetOf(tx, actor, userId);
  if (userId !== actor.userId) assertCanAssign(actor, target.role);
  if ((await keepingAnOwner(deleteMembership(tx, { orgId: actor.orgId, userId }))) === 0) {
    throw new AppError("forbidden", "You can't remove this member.");
  }
}

/** Revokes a pending invitation so its link stops working. */
export async function revokeInvitation({
  tx,
  actor,
  invitationId,
}: {
  tx: Tx;
  actor: Actor;
  invitationId: string;
}) {
  assertCanAdminister(actor);
  const invitation = (await listPendingInvitations(tx, { orgId: actor.orgId })).find(
    (i) => i.id === invitationId,
  );
  if (invitation) assertCanAssign(actor, invitation.role);
  if ((await revokeInvitationRow(tx, { orgId: actor.orgId, id: invitationId })) === 0) {
    throw new AppError("not_found", "That invitation no longer exists or was already used.");
  }
}
