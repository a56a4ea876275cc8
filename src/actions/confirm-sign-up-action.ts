"use server";

import { clientIp, requestAuth, userAgent } from "@/lib/next/request-auth";
import { actionClient } from "@/lib/next/safe-action";
import { confirmSignUpSchema } from "@/lib/schemas/organization";
import { confirmSignUp } from "@/lib/services/accounts/confirm-sign-up";

export const confirmSignUpAction = actionClient
  .inputSchema(confirmSignUpSchema)
  .action(async ({ parsedInput }) => {
    const { orgId } = await confirmSignUp({
      auth: await requestAuth(),
      input: { ...parsedInput, ip: await clientIp(), userAgent: await userAgent() },
    });
    return { next: orgId ? "/dashboard" : "/onboarding" };
  });
