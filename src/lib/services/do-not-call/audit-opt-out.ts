import type { Tx } from "@/lib/db/client";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";

/** The lead's own opt-out, asked for during a call: no actor, the call as the object. */
export async function auditOptOut(tx: Tx, orgId: string, callId: string, leadsMarked: number): Promise<void> {
  await insertAuditEntry(tx, {
    orgId,
    actorId: null,
    action: "do_not_call.add",
    targetType: "calls",
    targetId: callId,
    count: 1,
    data: { source: "call", leadsMarked },
  });
}
