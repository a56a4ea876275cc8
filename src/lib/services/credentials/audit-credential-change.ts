import type { Tx } from "@/lib/db/client";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";
import type { CredentialProvider } from "./provider-credentials";

/**
 * Records who connected, replaced or removed a provider key, in the member's own transaction so
 * the entry and the change commit together. Only the provider, the key's last four characters and
 * the non-secret config are recorded: never a key, a secret or a ciphertext.
 */
export async function auditCredentialChange(
  tx: Tx,
  entry: {
    orgId: string;
    actorId: string;
    action: "provider_credentials.save" | "provider_credentials.remove";
    provider: CredentialProvider;
    targetId: string;
    data: Record<string, unknown>;
  },
): Promise<void> {
  await insertAuditEntry(tx, {
    orgId: entry.orgId,
    actorId: entry.actorId,
    action: entry.action,
    targetType: "provider_credentials",
    targetId: entry.targetId,
    data: { provider: entry.provider, ...entry.data },
  });
}
