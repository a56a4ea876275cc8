import { and, eq } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { providerCredentials } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { RemoveProviderCredentialsInput } from "@/lib/schemas/provider-credentials";
import { type Actor, assertCanAdminister } from "../organizations/roles";
import { auditCredentialChange } from "./audit-credential-change";

/**
 * Deletes the organization's own key for a provider (owners and admins). From the next call on
 * the environment's key applies, if the deployment has one; otherwise the provider is unavailable.
 */
export async function removeProviderCredentials({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: RemoveProviderCredentialsInput;
}): Promise<void> {
  assertCanAdminister(actor);
  const [row] = await tx
    .delete(providerCredentials)
    .where(and(eq(providerCredentials.orgId, actor.orgId), eq(providerCredentials.provider, input.provider)))
    .returning({ id: providerCredentials.id, apiKeyHint: providerCredentials.apiKeyHint });
  if (!row) throw new AppError("not_found", "This organization has no key of its own for that provider.");
  await auditCredentialChange(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: "provider_credentials.remove",
    provider: input.provider,
    targetId: row.id,
    data: { apiKeyHint: row.apiKeyHint },
  });
}
