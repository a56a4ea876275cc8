import type { Tx } from "@/lib/db/client";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { moveLeads as moveLeadRows } from "@/lib/db/queries/leads";
import { AppError } from "@/lib/errors";
import type { MoveLeadsInput } from "@/lib/schemas/lead";
import type { Actor } from "../organizations/roles";

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
 * Moves the selected leads to another campaign in one statement. Leads whose number the target
 * campaign already has stay where they are and are counted as conflicts.
 */
export async function moveLeads({ tx, actor, input }: { tx: Tx; actor: Actor; input: MoveLeadsInput }) {
  const target = await getCampaign(tx, { orgId: actor.orgId, campaignId: input.campaignId });
  if (!target) throw new AppError("not_found", "That campaign does not exist.");
  try {
    const result = await moveLeadRows(tx, {
      orgId: actor.orgId,
      selection: input.selection,
      campaignId: target.id,
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
