import type { Tx } from "@/lib/db/client";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";
import type { LeadSelection } from "@/lib/schemas/lead";

/** The lead actions the audit log records (docs/security.md, "Audit log"). */
export type LeadAuditAction =
  | "leads.trash"
  | "leads.restore"
  | "leads.erase"
  | "leads.erase_person"
  | "leads.purge"
  | "leads.move"
  | "leads.reset"
  | "leads.do_not_call"
  | "leads.import"
  | "leads.api_upsert";

/**
 * One audit row for a bulk or destructive lead action, in the action's own transaction: who, what,
 * how many, and the filter it ran on (by filter), or the lead ids it named (by id). Ids and counts
 * only: never a number, name or email.
 */
export async function auditLeadAction(
  tx: Tx,
  /** `userId` null: no person (the trash's purge, an API key). */
  actor: { orgId: string; userId: string | null },
  entry: {
    action: LeadAuditAction;
    count: number;
    selection?: LeadSelection | { mode: "all" };
    data?: Record<string, unknown>;
  },
): Promise<void> {
  const selection = entry.selection;
  await insertAuditEntry(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: entry.action,
    targetType: "leads",
    count: entry.count,
    filter: selection?.mode === "filter" ? selection.filter : null,
    data: {
      ...(selection?.mode === "ids" ? { leadIds: selection.ids } : {}),
      ...(selection?.mode === "all" ? { all: true } : {}),
      ...entry.data,
    },
  });
}
