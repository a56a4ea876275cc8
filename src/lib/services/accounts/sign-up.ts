import { appOrigin } from "@/env";
import type { Database } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";
import { alreadyRegisteredEmail, confirmSignUpEmail } from "@/lib/email/account-email";
import { AppError } from "@/lib/errors";
import type { AuthPort, PendingAccount } from "@/lib/integrations/auth/types";
import type { Mailer } from "@/lib/integrations/mail";
import type { SignUpInput } from "@/lib/schemas/organization";
import { acceptInvitation, describeInvitation } from "../organizations/accept-invitation";
import { createOrganization } from "../organizations/create-organization";
import { confirmSignUpUrl } from "./account-links";
import { sendAccountEmail } from "./send-account-email";

export type SignUpOutcome =
  /** What the visitor is told for a new address and for a taken one alike: look in your inbox. */
  | { status: "check-email" }
  /** Supabase with email confirmations off only: signed in at once (see docs/security.md). */
  | { status: "signed-in"; userId: string; orgId: string };

/**
 * Sign-up that does not say whether an address has an account. A new address gets a link to
 * finish signing up (built-in) or Supabase's confirmation email; a taken one gets "you already
 * have an account", through the mail port. Both answers are "check your inbox". Nothing of ours
 * (profile, organization, membership) is made before the address is confirmed, except with
 * Supabase's confirmations off, where the sign-up is the confirmed sign-in.
 */
export async function signUp({
  auth,
  input,
  db,
  mail,
}: {
  auth: AuthPort;
  input: SignUpInput;
  db?: Database;
  mail?: Mailer;
}): Promise<SignUpOutcome> {
  if (input.inviteToken) {
    // Refuse before creating an account that the invitation would then not admit. (Says nothing
    // about accounts: the invitation page shows its address to whoever holds the link.)
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
  const pending: PendingAccount = {
    organizationName: input.organizationName,
    inviteToken: input.inviteToken,
  };
  const result = await auth.signUp({
    email: input.email,
    password: input.password,
    fullName: input.fullName,
    pending,
  });
  const origin = appOrigin({ fallback: "localhost" });
  switch (result.status) {
    case "already-registered": {
      const next = input.inviteToken ? `&next=${encodeURIComponent(`/invite/${input.inviteToken}`)}` : "";
      const url = `${origin}/sign-in?email=${encodeURIComponent(input.email)}${next}`;
      await sendAccountEmail({
        to: input.email,
        email: await alreadyRegisteredEmail(input.email, url),
        db,
        mail,
      });
      return { status: "check-email" };
    }
    case "confirm-email": {
      if (result.confirmationToken) {
        // Built-in: the organization waits for the confirmed sign-in (confirmSignUp).
        await sendAccountEmail({
          to: input.email,
          email: await confirmSignUpEmail(input.email, confirmSignUpUrl(result.confirmationToken)),
          db,
          mail,
        });
        return { status: "check-email" };
      }
      // Supabase sent its own link. Nothing of ours exists until the address is confirmed: the
      // organization waits for the first confirmed sign-in (confirmSignUp), the sign-up's
      // details in the user's metadata.
      return { status: "check-email" };
    }
    case "signed-in": {
      const user = { id: result.user.sub, email: input.email, fullName: input.fullName };
      return { status: "signed-in", userId: user.id, orgId: await setUpMembership({ user, pending, db }) };
    }
    default: {
      const never: never = result;
      throw new Error(`Unknown sign-up result: ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The new account's organization: the one its invitation grants, or a new one it owns. If this
 * fails the account still exists without an organization; the app then sends the user to
 * onboarding to create one, so nothing is stuck.
 */
export async function setUpMembership({
  user,
  pending,
  db,
}: {
  user: { id: string; email: string; fullName?: string };
  pending: PendingAccount;
  db?: Database;
}): Promise<string> {
  return withService(async (tx) => {
    if (pending.inviteToken) return (await acceptInvitation({ tx, token: pending.inviteToken, user })).orgId;
    return (await createOrganization({ tx, owner: user, name: pending.organizationName ?? user.email })).id;
  }, db);
}
