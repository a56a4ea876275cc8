import type { Tx } from "@/lib/db/client";
import { countLeads } from "@/lib/db/queries/leads";
import type { LeadFilter } from "@/lib/schemas/lead";
import type { Actor } from "../organizations/roles";

/** The exact number of leads a filter matches, for "select all matching" beyond the table's cap. */
export async function countMatchingLeads({
  tx,
  actor,
  filter,
}: {
  tx: Tx;
  actor: Actor;
  filter: LeadFilter;
}) {
  return { count: await countLeads(tx, { orgId: actor.orgId, filter }) };
}
