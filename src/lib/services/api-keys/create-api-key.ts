import type { Tx } from "@/lib/db/client";
import { insertApiKey } from "@/lib/db/queries/api-keys";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";
import type { CreateApiKeyInput } from "@/lib/schemas/api-key";
import { type Actor, assertCanAdminister } from "../organizations/roles";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "./api-key-token";

/**
 * Creates an organization API key. The key is returned once, here; only its SHA-256 and its first
 * characters are stored, so it cannot be shown again.
 */
export async function createApiKey({ tx, actor, input }: { tx: Tx; actor: Actor; input: CreateApiKeyInput }) {
  assertCanAdminister(actor);
  const key = generateApiKey();
  const row = await insertApiKey(tx, {
    orgId: actor.orgId,
    name: input.name,
    prefix: apiKeyPrefix(key),
    keyHash: hashApiKey(key),
    createdBy: actor.userId,
  });
  await insertAuditEntry(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: "api_keys.create",
    targetType: "api_keys",
    targetId: row.id,
    data: { name: row.name, prefix: row.prefix },
  });
  return { apiKey: { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt }, key };
}
