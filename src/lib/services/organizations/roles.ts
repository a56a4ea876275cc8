import type { MemberRole } from "@/lib/db/queries/memberships";
import { AppError } from "@/lib/errors";

/** Who is acting, in which organization, with which role (from the request context). */
export type Actor = { userId: string; email: string; orgId: string; role: MemberRole };

const RANK: Record<MemberRole, number> = { member: 0, admin: 1, owner: 2 };

export function hasRole(role: MemberRole, atLeast: MemberRole): boolean {
  return RANK[role] >= RANK[atLeast];
}

/**
 * A clear error before RLS would silently filter the change away. RLS still enforces the same
 * rule underneath: this check is for the message, not the security.
 */
export function assertCanAdminister(actor: Actor): void {
  if (!hasRole(actor.role, "admin")) {
    throw new AppError("forbidden", "Only owners and admins can manage the organization.");
  }
}

/** Only an owner may grant, change or remove the owner role. */
export function assertCanAssign(actor: Actor, role: MemberRole): void {
  assertCanAdminister(actor);
  if (role === "owner" && actor.role !== "owner") {
    throw new AppError("forbidden", "Only an owner can grant or change the owner role.");
  }
}

/**
 * Deleting or moving every lead a filter matches (possibly the whole organization) is for owners
 * and admins; members act on the leads they tick. The server refuses it whatever the UI shows.
 */
export function assertCanActOnFilter(
  actor: Actor,
  selection: { mode: string },
  verb: "delete" | "move",
): void {
  if (selection.mode === "filter" && !hasRole(actor.role, "admin")) {
    throw new AppError(
      "forbidden",
      `Only owners and admins can ${verb} all leads matching a filter. Tick the leads to ${verb} instead.`,
    );
  }
}

/** Restoring, erasing and reading the trash and the audit log are for owners and admins. */
export function assertAdmin(actor: Actor, what: string): void {
  if (!hasRole(actor.role, "admin")) throw new AppError("forbidden", `Only owners and admins can ${what}.`);
}
