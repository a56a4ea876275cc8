import type { Tx } from "@/lib/db/client";
import { getInvitationByTokenHash, markInvitationAccepted } from "@/lib/db/queries/invitations";
import { insertMembership } from "@/lib/db/queries/memberships";
import { getOrganization } from "@/lib/db/queries/organizations";
import { upsertProfile } from "@/lib/db/queries/profiles";
import { AppError } from "@/lib/errors";
import { hashInvitationToken } from "./invite-member";

/** Looks up an invitation by its link token without consuming it (service role). */
export async function describeInvitation({ tx, token }: { tx: Tx; token: string }) {
  const invitation = await getInvitationByTokenHash(tx, { tokenHash: hashInvitationToken(token) });
  if (!invitation) return { status: "invalid" as const };
  const org = await getOrganization(tx, { orgId: invitation.orgId });
  if (!org) return { status: "invalid" as const };
  const base = { email: invitation.email, role: invitation.role, orgName: org.name, orgId: org.id };
  if (invitation.revokedAt) return { status: "revoked" as const, ...base };
  if (invitation.acceptedAt) return { status: "accepted" as const, ...base };
  if (invitation.expired) return { status: "expired" as const, ...base };
  return { status: "pending" as const, ...base };
}

/**
 * Joins the signed-in user to the invitation's organization (service role: the user is not a
 * member yet, so RLS would hide the invitation). The address signed in must be the one invited.
 */
export async function acceptInvitation({
  tx,
  token,
  user,
}: {
  tx: Tx;
  token: string;
  user: { id: string; email: string; fullName?: string | null };
}): Promise<{ orgId: string }> {
  const invitation = await getInvitationByTokenHash(tx, { tokenHash: hashInvitationToken(token) });
  if (!invitation || invitation.revokedAt) {
    throw new AppError("not_found", "This invitation link is not valid. Ask for a new one.");
  }
  if (invitation.acceptedAt) throw new AppError("conflict", "This invitation has already been used.");
  if (invitation.expired) {
    throw new AppError("bad_request", "This invitation has expired. Ask for a new one.");
  }
  if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
    throw new AppError(
      "forbidden",
      `This invitation is for ${invitation.email}. Sign in with that address to accept it.`,
    );
  }
  await upsertProfile(tx, user);
  await insertMembership(tx, { orgId: invitation.orgId, userId: user.id, role: invitation.role });
  await markInvitationAccepted(tx, { id: invitation.id });
  return { orgId: invitation.orgId };
}
