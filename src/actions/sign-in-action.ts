"use server";

import { clientIp, requestAuth, userAgent } from "@/lib/next/request-auth";
import { actionClient } from "@/lib/next/safe-action";
import { signInSchema } from "@/lib/schemas/organization";

export const signInAction = actionClient.inputSchema(signInSchema).action(async ({ parsedInput }) => {
  const auth = await requestAuth();
  await auth.signIn({ ...parsedInput, ip: await clientIp(), userAgent: await userAgent() });
  return { ok: true };
});
