"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { env } from "@/env";
import { orgActionClient } from "@/lib/next/safe-action";
import { inviteMemberSchema } from "@/lib/schemas/organization";
import { inviteMember } from "@/lib/services/organizations/invite-member";

async function appUrl(): Promise<string> {
  const configured = env().APP_URL;
  if (configured) return configured;
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

export const inviteMemberAction = orgActionClient
  .inputSchema(inviteMemberSchema)
  .action(async ({ parsedInput, ctx }) => {
    const { invitation, url } = await inviteMember({
      tx: ctx.tx,
      actor: ctx.actor,
      input: parsedInput,
      appUrl: await appUrl(),
    });
    revalidatePath("/settings");
    return { email: invitation.email, url };
  });
