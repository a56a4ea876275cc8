import type { Tx } from "@/lib/db/client";
import { revokeApiKey as revokeApiKeyRow } from "@/lib/db/queries/api-keys";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";
import { AppError } from "@/lib/errors";
import { type Actor, assertCanAdminister } from "../organizations/roles";

/** Revokes a key for good: requests with it get 401 from the next one on. */
export async function revokeApiKey({ tx, actor, apiKeyId }: { tx: Tx; actor: Actor; apiKeyId: string }) {
  assertCanAdminister(actor);
  const changed = await revokeApiKeyRow(tx, { orgId: actor.orgId, id: apiKeyId });
  if (changed === 0) throw new AppError("not_found", "That key does not exist or is already revoked.");
  await insertAuditEntry(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: "api_keys.revoke",
    targetType: "api_keys",
    targetId: apiKeyId,
  });
}
