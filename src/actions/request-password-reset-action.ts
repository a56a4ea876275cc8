"use server";

import { requestAuth } from "@/lib/next/request-auth";
import { actionClient } from "@/lib/next/safe-action";
import { accountEmailSchema } from "@/lib/schemas/account";
import { requestPasswordReset } from "@/lib/services/accounts/request-password-reset";

/** "Forgot your password?": the same answer whether or not the address has an account. */
export const requestPasswordResetAction = actionClient
  .inputSchema(accountEmailSchema)
  .action(async ({ parsedInput }) => {
    await requestPasswordReset({ auth: await requestAuth(), email: parsedInput.email });
    return { email: parsedInput.email };
  });
