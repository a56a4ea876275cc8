"use server";

import { requestAuth } from "@/lib/next/request-auth";
import { actionClient } from "@/lib/next/safe-action";
import { accountEmailSchema } from "@/lib/schemas/account";
import { resendConfirmation } from "@/lib/services/accounts/resend-confirmation";

/** "Send the link again" on the check-your-inbox page; the same answer for every address. */
export const resendConfirmationAction = actionClient
  .inputSchema(accountEmailSchema)
  .action(async ({ parsedInput }) => {
    return resendConfirmation({ auth: await requestAuth(), email: parsedInput.email });
  });
