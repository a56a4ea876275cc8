import type { Tx } from "@/lib/db/client";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { moveLeads as moveLeadRows } from "@/lib/db/queries/leads";
import { AppError } from "@/lib/errors";
import type { MoveLeadsInput } from "@/lib/schemas/lead";
import { type Actor, assertCanActOnFilter } from "../organizations/roles";
import { auditLeadAction } from "./audit-lead-action";

const UNIQUE_VIOLATION = "23505";

function sqlState(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Moves the selected leads (ticked rows, or everything matching a filter: admins only) to another
 * campaign in one statement, and records it in the audit log. Leads whose number the target
 * campaign already has stay where they are and are counted as conflicts.
 */
export async function moveLeads({ tx, actor, input }: { tx: Tx; actor: Actor; input: MoveLeadsInput }) {
  assertCanActOnFilter(actor, input.selection, "move");
  const target = await getCampaign(tx, { orgId: actor.orgId, campaignId: input.campaignId });
  if (!target) throw new AppError("not_found", "That campaign does not exist.");
  try {
    const result = await moveLeadRows(tx, {
      orgId: actor.orgId,
      selection: input.selection,
      campaignId: target.id,
    });
    await auditLeadAction(tx, actor, {
      action: "leads.move",
      count: result.moved,
      selection: input.selection,
      data: { campaignId: target.id, matched: result.matched, conflicts: result.conflicts },
    });
    return { ...result, campaignName: target.name };
  } catch (error) {
    // Only a lead written into the target between our check and the update gets here.
    if (sqlState(error) === UNIQUE_VIOLATION) {
      throw new AppError("conflict", "Leads were added to that campaign meanwhile. Try the move again.");
    }
    throw error;
  }
}
