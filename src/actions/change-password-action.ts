"use server";

import { AppError } from "@/lib/errors";
import { clientIp, currentUser, requestAuth, userAgent } from "@/lib/next/request-auth";
import { actionClient } from "@/lib/next/safe-action";
import { changePasswordSchema } from "@/lib/schemas/account";

/** Change password (account menu): needs the current one; the user's other sessions end. */
export const changePasswordAction = actionClient
  .inputSchema(changePasswordSchema)
  .action(async ({ parsedInput }) => {
    if (!(await currentUser())) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
    await (await requestAuth()).changePassword({
      currentPassword: parsedInput.currentPassword,
      newPassword: parsedInput.newPassword,
      ip: await clientIp(),
      userAgent: await userAgent(),
    });
    return { ok: true };
  });
