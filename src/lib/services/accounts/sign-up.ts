import type { Database } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import type { AuthPort } from "@/lib/integrations/auth/types";
import type { SignUpInput } from "@/lib/schemas/organization";
import { acceptInvitation, describeInvitation } from "../organizations/accept-invitation";
import { createOrganization } from "../organizations/create-organization";

export type SignUpOutcome =
  | { status: "signed-in"; userId: string; orgId: string }
  | { status: "confirm-email"; userId: string; orgId: string };

/**
 * Creates the account through the auth port, then either its organization with the user as owner
 * or, when signing up from an invitation link, the membership the invitation grants.
 */
export async function signUp({
  auth,
  input,
  db,
}: {
  auth: AuthPort;
  input: SignUpInput;
  db?: Database;
}): Promise<SignUpOutcome> {
  if (input.inviteToken) {
    // Refuse before creating an account that the invitation would then not admit.
    const token = input.inviteToken;
    const invitation = await withService((tx) => describeInvitation({ tx, token }), db);
    if (invitation.status !== "pending") {
      throw new AppError("bad_request", "This invitation link is no longer valid. Ask for a new one.");
    }
    if (invitation.email.toLowerCase() !== input.email.toLowerCase()) {
      throw new AppError(
        "bad_request",
        `This invitation is for ${invitation.email}. Sign up with that address.`,
        {
          fields: { email: "must match the invitation" },
        },
      );
    }
  }
  const result = await auth.signUp({
    email: input.email,
    password: input.password,
    fullName: input.fullName,
  });
  const userId = result.status === "signed-in" ? result.user.sub : result.userId;
  // If this fails the account still exists without an organization; the app then sends the user
  // to onboarding to create one, so nothing is stuck.
  const owner = { id: userId, email: input.email, fullName: input.fullName };
  const orgId = await withService(async (tx) => {
    if (input.inviteToken)
      return (await acceptInvitation({ tx, token: input.inviteToken, user: owner })).orgId;
    return (await createOrganization({ tx, owner, name: input.organizationName ?? input.email })).id;
  }, db);
  return { status: result.status, userId, orgId };
}
