import { and, eq, like, or, type SQL, sql } from "drizzle-orm";
import { ACTIVITY_KINDS, type ActivityKind } from "@/lib/activity/kinds";
import type { CappedCount } from "@/lib/schemas/list";
import { rowsOf, type Tx } from "../client";
import { auditLog, profiles } from "../schema";
import { asServiceRole } from "../service-role";
import { countCapped } from "./capped-count";
import { descNullsLast } from "./order";

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

/**
 * One page of the organization's audit log, newest first: the page's rows off
 * audit_log_org_id_created_at_idx first, then only their actors (see `listCallsPage`).
 */
export async function listAuditEntries(
  tx: Tx,
  {
    orgId,
    limit,
    offset,
    filter = {},
  }: { orgId: string; limit: number; offset: number; filter?: ActivityFilter },
): Promise<AuditRow[]> {
  const page = tx
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
    })
    .from(auditLog)
    .where(auditFilter(orgId, filter))
    .orderBy(descNullsLast(auditLog.createdAt), descNullsLast(auditLog.id))
    .limit(limit)
    .offset(offset)
    .as("page");
  return tx
    .select({
      id: page.id,
      action: page.action,
      targetType: page.targetType,
      targetId: page.targetId,
      count: page.count,
      filter: page.filter,
      data: page.data,
      createdAt: page.createdAt,
      actorId: page.actorId,
      actorName: profiles.fullName,
      actorEmail: profiles.email,
    })
    .from(page)
    .leftJoin(profiles, eq(profiles.id, page.actorId))
    .orderBy(descNullsLast(page.createdAt), descNullsLast(page.id));
}

/** How many entries the log has (or the activity filter matches), up to the cap (`countCapped`). */
export async function countAuditEntries(
  tx: Tx,
  { orgId, filter = {} }: { orgId: string; filter?: ActivityFilter },
): Promise<CappedCount> {
  return countCapped(tx, tx.select({ id: auditLog.id }).from(auditLog).where(auditFilter(orgId, filter)));
}

/**
 * The activity feed's filters: a kind (a few action patterns) and a person. A person's entries are
 * a walk of audit_log_org_id_actor_id_created_at_idx; a kind filters the walk of the log's index.
 */
export type ActivityFilter = { kind?: ActivityKind; actorId?: string };

function auditFilter(orgId: string, { kind, actorId }: ActivityFilter): SQL | undefined {
  const patterns = kind ? ACTIVITY_KINDS[kind].actions : [];
  return and(
    eq(auditLog.orgId, orgId),
    actorId ? eq(auditLog.actorId, actorId) : undefined,
    patterns.length > 0
      ? or(...patterns.map((p) => (p.includes("%") ? like(auditLog.action, p) : eq(auditLog.action, p))))
      : undefined,
  );
}
