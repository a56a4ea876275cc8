import type { Database } from "@/lib/db/client";
import type { AuthPort } from "@/lib/integrations/auth/types";
import { logger } from "@/lib/logger";
import { setUpMembership } from "./sign-up";

/**
 * Finishes a built-in sign-up from its emailed link: the password chosen at sign-up, asked
 * again, activates the account and signs in; then the organization the sign-up asked for is
 * created, or its invitation accepted.
 */
export async function confirmSignUp({
  auth,
  input,
  db,
}: {
  auth: AuthPort;
  input: { token: string; password: string; ip?: string; userAgent?: string };
  db?: Database;
}): Promise<{ userId: string; orgId: string | null }> {
  const { user, fullName, pending } = await auth.confirmSignUp(input);
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
