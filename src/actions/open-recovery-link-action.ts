"use server";

import { requestAuth } from "@/lib/next/request-auth";
import { actionClient } from "@/lib/next/safe-action";
import { openRecoveryLinkSchema } from "@/lib/schemas/account";

/**
 * Supabase: a reset link, opened by a click on its page (never by the GET a mail scanner makes):
 * the token is spent and this browser may set a new password for a few minutes.
 */
export const openRecoveryLinkAction = actionClient
  .inputSchema(openRecoveryLinkSchema)
  .action(async ({ parsedInput }) => {
    await (await requestAuth()).openRecoveryLink({ token: parsedInput.token });
    return { next: "/auth/reset-password" };
  });
