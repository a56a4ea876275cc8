import { sql } from "drizzle-orm";
import { env } from "@/env";
import { encryptionKey } from "@/lib/crypto/encryption-key";
import { open } from "@/lib/crypto/secret-box";
import { type Database, rowsOf, type Tx } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";

export type CredentialProvider = "retell" | "vapi" | "calcom";

/** A provider account the server may use for one organization. Never leaves the server. */
export type ProviderCredentials = {
  provider: CredentialProvider;
  apiKey: string;
  /**
   * What inbound requests from the provider are verified with: Retell signs with the API key
   * itself; Vapi with its credential secret; Cal.com with the webhook secret.
   */
  webhookSecret: string | null;
  /** Non-secret settings: `phoneNumberId` (Vapi), `eventTypeId` (Cal.com), `concurrency`. */
  config: Record<string, string | number>;
  source: "organization" | "environment";
  /** The account whose concurrency calls share: `<provider>:org:<org id>` or `<provider>:env`. */
  account: string;
};

/** The aad a sealed secret is bound to, so a ciphertext only opens in its own row. */
export function credentialAad(
  orgId: string,
  provider: CredentialProvider,
  field: "api_key" | "webhook_secret",
) {
  return `${orgId}:${provider}:${field}`;
}

/**
 * The organization's own key for a provider (settings, sealed) or else the environment's, or
 * null when neither exists. Runs as the service role: the ciphertext columns are granted to no
 * user role.
 */
export async function loadProviderCredentials(
  db: Database,
  orgId: string,
  provider: CredentialProvider,
): Promise<ProviderCredentials | null> {
  return withService((tx) => readProviderCredentials(tx, orgId, provider), db);
}

/** `loadProviderCredentials` inside a service-role transaction the caller already holds. */
export async function readProviderCredentials(
  tx: Tx,
  orgId: string,
  provider: CredentialProvider,
): Promise<ProviderCredentials | null> {
  const [row] = rowsOf<{
    api_key_ciphertext: string;
    webhook_secret_ciphertext: string | null;
    config: Record<string, string | number>;
  }>(
    await tx.execute(sql`
      select api_key_ciphertext, webhook_secret_ciphertext, config from public.provider_credentials
      where org_id = ${orgId} and provider = ${provider}`),
  );
  if (row) {
    const key = encryptionKey();
    const apiKey = open(row.api_key_ciphertext, key, credentialAad(orgId, provider, "api_key"));
    const webhookSecret = row.webhook_secret_ciphertext
      ? open(row.webhook_secret_ciphertext, key, credentialAad(orgId, provider, "webhook_secret"))
      : provider === "retell"
        ? apiKey
        : null;
    return {
      provider,
      apiKey,
      webhookSecret,
      config: row.config,
      source: "organization",
      account: `${provider}:org:${orgId}`,
    };
  }
  return environmentCredentials(provider);
}

/** The deployment-wide account from the environment, if its key is set. */
export function environmentCredentials(provider: CredentialProvider): ProviderCredentials | null {
  const e = env();
  const base = { provider, source: "environment" as const, account: `${provider}:env` };
  switch (provider) {
    case "retell":
      return e.RETELL_API_KEY
        ? {
            ...base,
            apiKey: e.RETELL_API_KEY,
            webhookSecret: e.RETELL_API_KEY,
            config: { concurrency: e.RETELL_CONCURRENCY },
          }
        : null;
    case "vapi":
      return e.VAPI_API_KEY
        ? {
            ...base,
            apiKey: e.VAPI_API_KEY,
            webhookSecret: e.VAPI_WEBHOOK_SECRET ?? null,
            config: { concurrency: e.VAPI_CONCURRENCY },
          }
        : null;
    case "calcom":
      return e.CALCOM_API_KEY
        ? {
            ...base,
            apiKey: e.CALCOM_API_KEY,
            webhookSecret: e.CALCOM_WEBHOOK_SECRET ?? null,
            config: e.CALCOM_EVENT_TYPE_ID ? { eventTypeId: e.CALCOM_EVENT_TYPE_ID } : {},
          }
        : null;
  }
}
