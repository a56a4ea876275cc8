import { count, eq, sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../client";
import { auditLog, profiles } from "../schema";
import { asServiceRole } from "../service-role";

/**
 * One audit row: who (null for the dialer's own work), what, on how many rows, with which filter.
 * Never a phone number, name or email in `data`: ids and counts only, so erasing a person's data
 * leaves nothing of them here (docs/security.md, "Audit log").
 */
export type AuditEntry = {
  orgId: string;
  actorId: string | null;
  /** `<table>.<verb>`, e.g. `leads.trash`. */
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  count?: number | null;
  filter?: Record<string, unknown> | null;
  data?: Record<string, unknown>;
};

/**
 * Writes an audit row in the caller's transaction, so the row and the change commit together.
 * `audit_log` is written only by trusted server code (no user role may insert): inside a member's
 * `withUser` transaction the insert runs as the service role for this one statement.
 */
export async function insertAuditEntry(tx: Tx, entry: AuditEntry): Promise<void> {
  const [role] = rowsOf<{ role: string }>(await tx.execute(sql`select current_setting('role') as role`));
  // A person's row goes only into an organization they belong to: a request that named another
  // organization changed nothing there (RLS), and must not write into its log either.
  const insert = () =>
    tx.execute(sql`
      insert into public.audit_log (org_id, actor_id, action, target_type, target_id, count, filter, data)
      select ${entry.orgId}::uuid, ${entry.actorId}::uuid, ${entry.action}, ${entry.targetType ?? null},
             ${entry.targetId ?? null}, ${entry.count ?? null}::int,
             ${entry.filter ? JSON.stringify(entry.filter) : null}::jsonb, ${JSON.stringify(entry.data ?? {})}::jsonb
      where ${entry.actorId}::uuid is null
         or exists (select 1 from public.memberships m
                    where m.org_id = ${entry.orgId}::uuid and m.user_id = ${entry.actorId}::uuid)`);
  if (role?.role === "authenticated") await asServiceRole(tx, insert);
  else await insert();
}

export type AuditRow = {
  id: number;
  action: string;
  targetType: string | null;
  targetId: string | null;
  count: number | null;
  filter: Record<string, unknown> | null;
  data: Record<string, unknown>;
  createdAt: Date;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
};

/** One page of the organization's audit log, newest first (audit_log_org_id_created_at_idx). */
export async function listAuditEntries(
  tx: Tx,
  { orgId, limit, offset }: { orgId: string; limit: number; offset: number },
): Promise<AuditRow[]> {
  return tx
    .select({
      id: auditLog.id,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      count: auditLog.count,
      filter: auditLog.filter,
      data: auditLog.data,
      createdAt: auditLog.createdAt,
      actorId: auditLog.actorId,
      actorName: profiles.fullName,
      actorEmail: profiles.email,
    })
    .from(auditLog)
    .leftJoin(profiles, eq(profiles.id, auditLog.actorId))
    .where(eq(auditLog.orgId, orgId))
    .orderBy(sql`${auditLog.createdAt} desc nulls last`, sql`${auditLog.id} desc nulls last`)
    .limit(limit)
    .offset(offset);
}

export async function countAuditEntries(tx: Tx, { orgId }: { orgId: string }): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(auditLog).where(eq(auditLog.orgId, orgId));
  return Number(row?.n ?? 0);
}
