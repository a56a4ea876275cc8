"use server";

import { revalidatePath } from "next/cache";
import { appOrigin } from "@/env";
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
      // Never the request's Host or X-Forwarded-Host: a link must not point where a header says.
      appUrl: appOrigin({ fallback: "localhost" }),
    });
    revalidatePath("/settings");
    return { email: invitation.email, url };
  });
