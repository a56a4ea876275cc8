"use server";

import { clientIp, requestAuth, userAgent } from "@/lib/next/request-auth";
import { actionClient } from "@/lib/next/safe-action";
import { safeNextPath } from "@/lib/safe-next-path";
import { confirmSignUpSchema } from "@/lib/schemas/account";
import { confirmSignUp } from "@/lib/services/accounts/confirm-sign-up";

/** An emailed sign-up link, opened: the first confirmed sign-in, which creates the organization. */
export const confirmSignUpAction = actionClient
  .inputSchema(confirmSignUpSchema)
  .action(async ({ parsedInput }) => {
    const { next, ...input } = parsedInput;
    await confirmSignUp({
      auth: await requestAuth(),
      input: { ...input, ip: await clientIp(), userAgent: await userAgent() },
    });
    // The dashboard sends anyone without an organization to onboarding.
    return { next: safeNextPath(next) };
  });
