"use server";

import { revalidatePath } from "next/cache";
import { orgActionClient } from "@/lib/next/safe-action";
import { createApiKeySchema, revokeApiKeySchema } from "@/lib/schemas/api-key";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/services/api-keys/revoke-api-key";

/** Returns the new key in clear this once; the page never sees it again. */
export const createApiKeyAction = orgActionClient
  .inputSchema(createApiKeySchema)
  .action(async ({ parsedInput, ctx }) => {
    const { apiKey, key } = await createApiKey({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
    revalidatePath("/settings");
    return { id: apiKey.id, name: apiKey.name, key };
  });

export const revokeApiKeyAction = orgActionClient
  .inputSchema(revokeApiKeySchema)
  .action(async ({ parsedInput, ctx }) => {
    await revokeApiKey({ tx: ctx.tx, actor: ctx.actor, apiKeyId: parsedInput.apiKeyId });
    revalidatePath("/settings");
    return { ok: true };
  });
