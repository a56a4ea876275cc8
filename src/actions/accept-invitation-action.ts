"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { withService } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import { ACTIVE_ORG_COOKIE, currentUser } from "@/lib/next/request-auth";
import { actionClient } from "@/lib/next/safe-action";
import { acceptInvitation } from "@/lib/services/organizations/accept-invitation";

export const acceptInvitationAction = actionClient
  .inputSchema(z.object({ token: z.string().min(20).max(200) }))
  .action(async ({ parsedInput }) => {
    const user = await currentUser();
    if (!user) throw new AppError("unauthorized", "Sign in to accept the invitation.");
    const { orgId } = await withService((tx) =>
      acceptInvitation({ tx, token: parsedInput.token, user: { id: user.sub, email: user.email } }),
    );
    (await cookies()).set(ACTIVE_ORG_COOKIE, orgId, { path: "/", httpOnly: true, sameSite: "lax" });
    return { orgId };
  });
