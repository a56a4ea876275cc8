"use server";

import { cookies } from "next/headers";
import { withService } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import { ACTIVE_ORG_COOKIE, currentUser } from "@/lib/next/request-auth";
import { actionClient } from "@/lib/next/safe-action";
import { createOrganizationSchema } from "@/lib/schemas/organization";
import { createOrganization } from "@/lib/services/organizations/create-organization";

/** Onboarding: a signed-in user without an organization creates one and becomes its owner. */
export const createOrganizationAction = actionClient
  .inputSchema(createOrganizationSchema)
  .action(async ({ parsedInput }) => {
    const user = await currentUser();
    if (!user) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
    const org = await withService((tx) =>
      createOrganization({ tx, owner: { id: user.sub, email: user.email }, name: parsedInput.name }),
    );
    (await cookies()).set(ACTIVE_ORG_COOKIE, org.id, { path: "/", httpOnly: true, sameSite: "lax" });
    return { orgId: org.id };
  });
