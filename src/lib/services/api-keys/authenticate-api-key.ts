import type { Tx } from "@/lib/db/client";
import { findApiKeyByHash, touchApiKeyLastUsed } from "@/lib/db/queries/api-keys";
import { AppError } from "@/lib/errors";
import { hashApiKey, looksLikeApiKey } from "./api-key-token";

export type AuthenticatedApiKey = { keyId: string; orgId: string };

/**
 * The organization an API key belongs to, or `unauthorized`. Runs as the service role: the key,
 * not a user, names the organization. Unknown, malformed and revoked keys get the same answer so
 * a caller learns nothing about which keys exist.
 */
export async function authenticateApiKey({ tx, key }: { tx: Tx; key: string }): Promise<AuthenticatedApiKey> {
  const invalid = new AppError("unauthorized", "The API key is invalid or has been revoked.");
  if (!looksLikeApiKey(key)) throw invalid;
  const row = await findApiKeyByHash(tx, { keyHash: hashApiKey(key) });
  if (!row || row.revokedAt) throw invalid;
  await touchApiKeyLastUsed(tx, { orgId: row.orgId, id: row.id });
  return { keyId: row.id, orgId: row.orgId };
}
