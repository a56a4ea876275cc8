"use server";

import { revalidatePath } from "next/cache";
import { requestOrigin } from "@/lib/next/request-origin";
import { orgActionClient } from "@/lib/next/safe-action";
import { inviteMemberSchema } from "@/lib/schemas/organization";
import { inviteMember } from "@/lib/services/organizations/invite-member";

export const inviteMemberAction = orgActionClient
  .inputSchema(inviteMemberSchema)
  .action(async ({ parsedInput, ctx }) => {
    const { invitation, url } = await inviteMember({
      tx: ctx.tx,
      actor: ctx.actor,
      input: parsedInput,
      appUrl: await requestOrigin(),
    });
    revalidatePath("/settings");
    return { email: invitation.email, url };
  });
