"use server";

import { requestAuth } from "@/lib/next/request-auth";
import { actionClient } from "@/lib/next/safe-action";
import { resetPasswordSchema } from "@/lib/schemas/account";

/** A new password from a reset link. Every session of the user ends; they sign in with it next. */
export const resetPasswordAction = actionClient
  .inputSchema(resetPasswordSchema)
  .action(async ({ parsedInput }) => {
    const { email } = await (await requestAuth()).resetPassword({
      token: parsedInput.token,
      password: parsedInput.password,
    });
    return { email };
  });
