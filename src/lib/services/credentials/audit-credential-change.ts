import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import type { CredentialProvider } from "./provider-credentials";

/**
 * Records who connected, replaced or removed a provider key, in the member's own transaction so
 * the entry and the change commit together. `audit_log` is written only by trusted server code
 * (no user role may insert), so the insert runs as the service role for this one statement and
 * the transaction returns to `authenticated` at once. Only the provider, the key's last four
 * characters and the non-secret config are recorded: never a key, a secret or a ciphertext.
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
  await tx.execute(sql`select set_config('role', 'service_role', true)`);
  // A failed insert aborts the transaction, and a rolled-back `set_config(..., true)` ends with it.
  await tx.execute(sql`
    insert into public.audit_log (org_id, actor_id, action, target_type, target_id, data)
    values (${entry.orgId}, ${entry.actorId}, ${entry.action}, 'provider_credentials', ${entry.targetId},
            ${JSON.stringify({ provider: entry.provider, ...entry.data })}::jsonb)`);
  await tx.execute(sql`select set_config('role', 'authenticated', true)`);
}
