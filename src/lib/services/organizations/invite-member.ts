import { createHash, randomBytes } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { findPendingInvitationByEmail, insertInvitation } from "@/lib/db/queries/invitations";
import { listMembers } from "@/lib/db/queries/memberships";
import { AppError } from "@/lib/errors";
import type { InviteMemberInput } from "@/lib/schemas/organization";
import { type Actor, assertCanAssign } from "./roles";

export const INVITATION_TTL_DAYS = 7;

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Invites someone by email. Returns the one-time link; only its hash is stored. Email delivery
 * of the link comes with the mail port; until then the inviter copies it from the screen.
 */
export async function inviteMember({
  tx,
  actor,
  input,
  appUrl,
}: {
  tx: Tx;
  actor: Actor;
  input: InviteMemberInput;
  appUrl: string;
}) {
  assertCanAssign(actor, input.role);
  const members = await listMembers(tx, { orgId: actor.orgId });
  if (members.some((m) => m.email?.toLowerCase() === input.email)) {
    throw new AppError("conflict", `${input.email} is already a member.`, {
      fields: { email: "already a member" },
    });
  }
  if (await findPendingInvitationByEmail(tx, { orgId: actor.orgId, email: input.email })) {
    throw new AppError(
      "conflict",
      `${input.email} already has a pending invitation. Revoke it to send a new one.`,
      {
        fields: { email: "already invited" },
      },
    );
  }
  const token = randomBytes(32).toString("base64url");
  const invitation = await insertInvitation(tx, {
    orgId: actor.orgId,
    email: input.email,
    role: input.role,
    tokenHash: hashInvitationToken(token),
    invitedBy: actor.userId,
    ttlDays: INVITATION_TTL_DAYS,
  });
  return { invitation, url: `${appUrl.replace(/\/$/, "")}/invite/${token}` };
}
