import type { Tx } from "@/lib/db/client";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";
import { insertCampaign } from "@/lib/db/queries/campaigns";
import type { CreateCampaignInput } from "@/lib/schemas/campaign";
import type { Actor } from "../organizations/roles";

/** Creates a campaign in draft, audited (`campaigns.create`) in the same transaction. */
export async function createCampaign({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: CreateCampaignInput;
}) {
  const campaign = await insertCampaign(tx, { orgId: actor.orgId, createdBy: actor.userId, ...input });
  await insertAuditEntry(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: "campaigns.create",
    targetType: "campaigns",
    targetId: campaign.id,
    data: { name: campaign.name },
  });
  return campaign;
}
