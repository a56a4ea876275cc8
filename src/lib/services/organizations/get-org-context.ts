import type { Tx } from "@/lib/db/client";
import { listMembershipsForUser, type MemberRole } from "@/lib/db/queries/memberships";

export type OrgContext = {
  orgId: string;
  orgName: string;
  role: MemberRole;
  organizations: { orgId: string; orgName: string; role: MemberRole }[];
};

/**
 * The organization a request acts in: the preferred one (from the org switcher) when the user
 * belongs to it, else their oldest membership; null when they belong to none yet.
 */
export async function getOrgContext({
  tx,
  userId,
  preferredOrgId,
}: {
  tx: Tx;
  userId: string;
  preferredOrgId?: string;
}): Promise<OrgContext | null> {
  const rows = await listMembershipsForUser(tx, { userId });
  const active = rows.find((r) => r.orgId === preferredOrgId) ?? rows[0];
  if (!active) return null;
  return { orgId: active.orgId, orgName: active.orgName, role: active.role, organizations: rows };
}
