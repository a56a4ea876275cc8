import { eq } from "drizzle-orm";
import { env } from "@/env";
import type { Tx } from "@/lib/db/client";
import { providerCredentials } from "@/lib/db/schema";
import { type CredentialProvider, environmentCredentials } from "./provider-credentials";

export const CREDENTIAL_PROVIDERS: readonly CredentialProvider[] = ["retell", "vapi", "calcom"];

/** How the organization reaches one provider, as the settings page shows it. No key material. */
export type ProviderConnection = {
  provider: CredentialProvider;
  /** `organization`: its own key (wins over the environment's); `environment`: the deployment's. */
  source: "organization" | "environment" | "none";
  /** The last characters of the organization's key. */
  apiKeyHint: string | null;
  updatedAt: Date | null;
  /** Non-secret settings of the organization's key: event type id, concurrency, phone number id. */
  config: Record<string, string | number>;
  /** The deployment also has a key: removing the organization's falls back to it. */
  environmentKey: boolean;
};

/**
 * Each provider's connection for the organization. Runs in the member's `withUser` transaction
 * and selects only the columns members are granted, so it could not return a ciphertext if it
 * tried; the environment's keys are reduced to "set or not".
 */
export async function listProviderConnections({
  tx,
  orgId,
}: {
  tx: Tx;
  orgId: string;
}): Promise<ProviderConnection[]> {
  const rows = await tx
    .select({
      provider: providerCredentials.provider,
      apiKeyHint: providerCredentials.apiKeyHint,
      config: providerCredentials.config,
      updatedAt: providerCredentials.updatedAt,
    })
    .from(providerCredentials)
    .where(eq(providerCredentials.orgId, orgId));
  return CREDENTIAL_PROVIDERS.map((provider) => {
    const row = rows.find((r) => r.provider === provider);
    const environmentKey = environmentCredentials(provider) !== null;
    return {
      provider,
      source: row ? "organization" : environmentKey ? "environment" : "none",
      apiKeyHint: row?.apiKeyHint ?? null,
      updatedAt: row?.updatedAt ?? null,
      config: row?.config ?? {},
      environmentKey,
    };
  });
}

/**
 * Whether keys can be stored per organization here: with ENCRYPTION_KEY, or in local mode (a key
 * file beside the embedded database). Otherwise saving explains what to set.
 */
export function canStoreKeys(): boolean {
  const e = env();
  return Boolean(e.ENCRYPTION_KEY) || e.mode === "local";
}
