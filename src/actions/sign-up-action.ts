"use server";

import { requestAuth } from "@/lib/next/request-auth";
import { actionClient } from "@/lib/next/safe-action";
import { signUpSchema } from "@/lib/schemas/organization";
import { signUp } from "@/lib/services/accounts/sign-up";

export const signUpAction = actionClient.inputSchema(signUpSchema).action(async ({ parsedInput }) => {
  const outcome = await signUp({ auth: await requestAuth(), input: parsedInput });
  // The same answer for a new address and a taken one.
  return { status: outcome.status, email: parsedInput.email };
});
