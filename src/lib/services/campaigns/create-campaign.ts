import type { Tx } from "@/lib/db/client";
import { insertCampaign } from "@/lib/db/queries/campaigns";
import type { CreateCampaignInput } from "@/lib/schemas/campaign";
import type { Actor } from "../organizations/roles";

/** Creates a campaign in draft; the dialer issue adds its calling settings and lifecycle. */
export async function createCampaign({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: CreateCampaignInput;
}) {
  return insertCampaign(tx, { orgId: actor.orgId, createdBy: actor.userId, ...input });
}
