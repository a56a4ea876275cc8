"use server";

import { revalidatePath } from "next/cache";
import { orgActionClient } from "@/lib/next/safe-action";
import { updateOrganizationSchema } from "@/lib/schemas/organization";
import { updateOrganization } from "@/lib/services/organizations/update-organization";

export const updateOrganizationAction = orgActionClient
  .inputSchema(updateOrganizationSchema)
  .action(async ({ parsedInput, ctx }) => {
    await updateOrganization({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
    revalidatePath("/", "layout");
    return { ok: true };
  });
