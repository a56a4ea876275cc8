import { and, asc, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { apiKeys, profiles } from "../schema";

export type ApiKey = typeof apiKeys.$inferSelect;

export async function insertApiKey(
  tx: Tx,
  values: { orgId: string; name: string; prefix: string; keyHash: string; createdBy: string | null },
): Promise<ApiKey> {
  const [row] = await tx.insert(apiKeys).values(values).returning();
  if (!row) throw new Error("insert into api_keys returned nothing");
  return row;
}

/** An organization's keys, active ones first, newest first; never the hash. */
export async function listApiKeys(tx: Tx, { orgId }: { orgId: string }) {
  return tx
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      createdByName: sql<string | null>`coalesce(${profiles.fullName}, ${profiles.email})`,
    })
    .from(apiKeys)
    .leftJoin(profiles, eq(profiles.id, apiKeys.createdBy))
    .where(eq(apiKeys.orgId, orgId))
    .orderBy(
      sql`${apiKeys.revokedAt} is not null`,
      desc(apiKeys.revokedAt),
      desc(apiKeys.createdAt),
      asc(apiKeys.id),
    );
}

/** Marks a key revoked; returns how many rows changed (0: unknown or already revoked). */
export async function revokeApiKey(tx: Tx, { orgId, id }: { orgId: string; id: string }): Promise<number> {
  const rows = await tx
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length;
}

/**
 * The key with this hash, whichever organization holds it: the one lookup that has no `orgId`
 * yet, because the key is what names the organization (service role only).
 */
export async function findApiKeyByHash(tx: Tx, { keyHash }: { keyHash: string }) {
  const [row] = await tx
    .select({ id: apiKeys.id, orgId: apiKeys.orgId, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, keyHash));
  return row;
}

/**
 * Records use at most once a minute: a busy integration would otherwise rewrite the same row on
 * every request. The condition makes the frequent case a read, not a write.
 */
export async function touchApiKeyLastUsed(
  tx: Tx,
  { orgId, id }: { orgId: string; id: string },
): Promise<void> {
  await tx
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.orgId, orgId),
        eq(apiKeys.id, id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    );
}
