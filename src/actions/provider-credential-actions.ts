"use server";

import { revalidatePath } from "next/cache";
import { orgActionClient } from "@/lib/next/safe-action";
import {
  removeProviderCredentialsSchema,
  saveProviderCredentialsSchema,
} from "@/lib/schemas/provider-credentials";
import { removeProviderCredentials } from "@/lib/services/credentials/remove-provider-credentials";
import { saveProviderCredentials } from "@/lib/services/credentials/save-provider-credentials";

/** Returns only the provider and the key's last characters: the key itself never goes back. */
export const saveProviderCredentialsAction = orgActionClient
  .inputSchema(saveProviderCredentialsSchema)
  .action(async ({ parsedInput, ctx }) => {
    const saved = await saveProviderCredentials({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
    revalidatePath("/settings");
    revalidatePath("/campaigns", "layout");
    return { provider: saved.provider, apiKeyHint: saved.apiKeyHint };
  });

export const removeProviderCredentialsAction = orgActionClient
  .inputSchema(removeProviderCredentialsSchema)
  .action(async ({ parsedInput, ctx }) => {
    await removeProviderCredentials({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
    revalidatePath("/settings");
    revalidatePath("/campaigns", "layout");
    return { ok: true };
  });
