"use server";

import { revalidatePath } from "next/cache";
import { orgActionClient } from "@/lib/next/safe-action";
import {
  changeMemberRoleSchema,
  removeMemberSchema,
  revokeInvitationSchema,
} from "@/lib/schemas/organization";
import {
  changeMemberRole,
  removeMember,
  revokeInvitation,
} from "@/lib/services/organizations/manage-members";

export const changeMemberRoleAction = orgActionClient
  .inputSchema(changeMemberRoleSchema)
  .action(async ({ parsedInput, ctx }) => {
    await changeMemberRole({ tx: ctx.tx, actor: ctx.actor, ...parsedInput });
    revalidatePath("/settings");
    return { ok: true };
  });

export const removeMemberAction = orgActionClient
  .inputSchema(removeMemberSchema)
  .action(async ({ parsedInput, ctx }) => {
    await removeMember({ tx: ctx.tx, actor: ctx.actor, userId: parsedInput.userId });
    revalidatePath("/settings");
    return { ok: true };
  });

export const revokeInvitationAction = orgActionClient
  .inputSchema(revokeInvitationSchema)
  .action(async ({ parsedInput, ctx }) => {
    await revokeInvitation({ tx: ctx.tx, actor: ctx.actor, invitationId: parsedInput.invitationId });
    revalidatePath("/settings");
    return { ok: true };
  });
