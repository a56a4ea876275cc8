import type { Database } from "@/lib/db/client";
import { profileExists } from "@/lib/db/queries/profiles";
import { withService } from "@/lib/db/with-user";
import type { AuthPort, ConfirmSignUpInput } from "@/lib/integrations/auth/types";
import { logger } from "@/lib/logger";
import { setUpMembership } from "./sign-up";

/**
 * Finishes a sign-up from its emailed link: the account is confirmed and signed in (built-in:
 * with the password chosen at sign-up, asked again; Supabase: by the link's token hash). At this
 * first confirmed sign-in the organization the sign-up asked for is created, or its invitation
 * accepted. A user who already has a profile has been through this before (a Supabase link of
 * another kind can sign in too): nothing more is made.
 */
export async function confirmSignUp({
  auth,
  input,
  db,
}: {
  auth: AuthPort;
  input: ConfirmSignUpInput;
  db?: Database;
}): Promise<{ userId: string; orgId: string | null }> {
  const { user, fullName, pending } = await auth.confirmSignUp(input);
  if (await withService((tx) => profileExists(tx, { userId: user.sub }), db)) {
    return { userId: user.sub, orgId: null };
  }
  try {
    const orgId = await setUpMembership({ user: { id: user.sub, email: user.email, fullName }, pending, db });
    return { userId: user.sub, orgId };
  } catch (error) {
    // Signed in either way: without an organization the app sends the user to onboarding (an
    // invitation may have expired or been revoked since the sign-up).
    logger.warn("confirmed sign-up without an organization", {
      userId: user.sub,
      error: (error as Error).message,
    });
    return { userId: user.sub, orgId: null };
  }
}
