import type { Database } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";
import type { AuthPort } from "@/lib/integrations/auth/types";
import type { SignUpInput } from "@/lib/schemas/organization";
import { createOrganization } from "../organizations/create-organization";

export type SignUpOutcome =
  | { status: "signed-in"; userId: string; orgId: string }
  | { status: "confirm-email"; userId: string; orgId: string };

/** Creates the account through the auth port, then its organization with the user as owner. */
export async function signUp({
  auth,
  input,
  db,
}: {
  auth: AuthPort;
  input: SignUpInput;
  db?: Database;
}): Promise<SignUpOutcome> {
  const result = await auth.signUp({
    email: input.email,
    password: input.password,
    fullName: input.fullName,
  });
  const userId = result.status === "signed-in" ? result.user.sub : result.userId;
  // If this fails the account still exists without an organization; the app then sends the user
  // to onboarding to create one, so nothing is stuck.
  const org = await withService(
    (tx) =>
      createOrganization({
        tx,
        owner: { id: userId, email: input.email, fullName: input.fullName },
        name: input.organizationName,
      }),
    db,
  );
  return { status: result.status, userId, orgId: org.id };
}
