"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { ACTIVE_ORG_COOKIE, currentContext } from "@/lib/next/request-auth";
import { actionClient } from "@/lib/next/safe-action";

export const switchOrganizationAction = actionClient
  .inputSchema(z.object({ orgId: z.uuid() }))
  .action(async ({ parsedInput }) => {
    const ctx = await currentContext();
    if (!ctx?.org?.organizations.some((o) => o.orgId === parsedInput.orgId)) {
      throw new AppError("forbidden", "You are not a member of that organization.");
    }
    (await cookies()).set(ACTIVE_ORG_COOKIE, parsedInput.orgId, {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
    });
    return { ok: true };
  });
