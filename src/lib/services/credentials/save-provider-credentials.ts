import { sql } from "drizzle-orm";
import { encryptionKey } from "@/lib/crypto/encryption-key";
import { seal } from "@/lib/crypto/secret-box";
import { rowsOf, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { SaveProviderCredentialsInput } from "@/lib/schemas/provider-credentials";
import { type Actor, assertCanAdminister } from "../organizations/roles";
import { auditCredentialChange } from "./audit-credential-change";
import { credentialAad } from "./provider-credentials";

/** What the browser may learn about a saved key: never the key, a secret or a ciphertext. */
export type SavedProviderCredentials = {
  provider: SaveProviderCredentialsInput["provider"];
  apiKeyHint: string;
  updatedAt: Date;
};

/** The last four characters, to tell keys apart; short keys show less so most of a key stays hidden. */
export function keyHint(apiKey: string): string {
  const shown = apiKey.length >= 12 ? 4 : Math.min(2, Math.floor(apiKey.length / 4));
  return shown === 0 ? "" : apiKey.slice(-shown);
}

function configOf(input: SaveProviderCredentialsInput): Record<string, string | number> {
  switch (input.provider) {
    case "retell":
    case "vapi":
      return input.concurrency ? { concurrency: input.concurrency } : {};
    case "calcom":
      return { eventTypeId: input.eventTypeId };
  }
}

/**
 * Adds or replaces the organization's key for one provider (owners and admins), sealed with
 * AES-256-GCM and bound to this organization and field. Runs in the admin's `withUser`
 * transaction: RLS refuses anyone else, and nothing here reads a ciphertext back. A blank webhook
 * secret keeps the one already stored.
 */
export async function saveProviderCredentials({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: SaveProviderCredentialsInput;
}): Promise<SavedProviderCredentials> {
  assertCanAdminister(actor);
  const key = encryptionKey();
  const { provider } = input;
  const apiKeyCiphertext = seal(input.apiKey, key, credentialAad(actor.orgId, provider, "api_key"));
  const secret = "webhookSecret" in input ? input.webhookSecret : undefined;
  const webhookSecretCiphertext = secret
    ? seal(secret, key, credentialAad(actor.orgId, provider, "webhook_secret"))
    : undefined;
  const apiKeyHint = keyHint(input.apiKey);
  const config = configOf(input);
  // Raw SQL to name only the columns `authenticated` is granted (Drizzle would list `created_at`
  // with `default`, which needs a grant too), and to return none of the ciphertexts.
  const [row] = rowsOf<{ id: string; api_key_hint: string; replaced: boolean; updated_at: Date }>(
    await tx.execute(sql`
      insert into public.provider_credentials
        (org_id, provider, api_key_ciphertext, api_key_hint, webhook_secret_ciphertext, config, updated_by)
      values (${actor.orgId}, ${provider}, ${apiKeyCiphertext}, ${apiKeyHint}, ${webhookSecretCiphertext ?? null},
              ${JSON.stringify(config)}::jsonb, ${actor.userId})
      on conflict (org_id, provider) do update set
        api_key_ciphertext = ${apiKeyCiphertext},
        api_key_hint = ${apiKeyHint},
        ${webhookSecretCiphertext ? sql`webhook_secret_ciphertext = ${webhookSecretCiphertext},` : sql``}
        config = ${JSON.stringify(config)}::jsonb,
        updated_by = ${actor.userId},
        updated_at = now()
      returning id, api_key_hint, created_at <> updated_at as replaced, updated_at`),
  );
  if (!row) throw new AppError("forbidden", "You can't change this organization's integrations.");
  await auditCredentialChange(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: "provider_credentials.save",
    provider,
    targetId: row.id,
    data: {
      apiKeyHint,
      config,
      webhookSecret: webhookSecretCiphertext ? "set" : "unchanged",
      replaced: row.replaced,
    },
  });
  return { provider, apiKeyHint, updatedAt: row.updated_at };
}
