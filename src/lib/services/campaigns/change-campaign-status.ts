import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { rowsOf } from "@/lib/db/client";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";
import { cancelUnsentCalls } from "@/lib/db/queries/calls";
import type { Campaign } from "@/lib/db/queries/campaigns";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { asServiceRole } from "@/lib/db/service-role";
import { AppError } from "@/lib/errors";
import type { CampaignAction } from "@/lib/schemas/campaign";
import type { Actor } from "../organizations/roles";

type CampaignStatus = Campaign["status"];

/** The lifecycle: which statuses each action leaves from, and where it goes. */
export const TRANSITIONS: Record<CampaignAction, { from: readonly CampaignStatus[]; to: CampaignStatus }> = {
  start: { from: ["draft"], to: "active" },
  pause: { from: ["active"], to: "paused" },
  resume: { from: ["paused"], to: "active" },
  stop: { from: ["active", "paused"], to: "completed" },
  archive: { from: ["draft", "completed", "paused"], to: "archived" },
};

const VERB: Record<CampaignAction, string> = {
  start: "started",
  pause: "paused",
  resume: "resumed",
  stop: "stopped",
  archive: "archived",
};

export function allowedActions(status: CampaignStatus): CampaignAction[] {
  return (Object.keys(TRANSITIONS) as CampaignAction[]).filter((a) => TRANSITIONS[a].from.includes(status));
}

/**
 * Moves a campaign through its lifecycle in the member's transaction (RLS applies). Stopping
 * cancels the calls that were claimed but never reached the provider and gives their leads the
 * attempt back. `tick` says whether the caller should enqueue a tick once the transaction has
 * committed (start and resume), so calling begins at once instead of at the next cron minute.
 */
export async function changeCampaignStatus({
  tx,
  actor,
  campaignId,
  action,
  now,
}: {
  tx: Tx;
  actor: Actor;
  campaignId: string;
  action: CampaignAction;
  now: Date;
}): Promise<{ campaign: Campaign; tick: boolean; cancelledCalls: number }> {
  const current = await getCampaign(tx, { orgId: actor.orgId, campaignId });
  if (!current) throw new AppError("not_found", "That campaign doesn't exist or isn't yours to change.");
  const { from, to } = TRANSITIONS[action];
  if (!from.includes(current.status)) {
    throw new AppError(
      "conflict",
      `A ${current.status} campaign can't be ${VERB[action]}. ${hint(current.status)}`.trim(),
    );
  }
  if (action === "start") await assertReadyToStart(tx, current);

  const nowIso = now.toISOString();
  const updated = rowsOf<{ id: string }>(
    await tx.execute(sql`
      update public.campaigns set
        status = ${to},
        paused_reason = case when ${to} = 'paused' then paused_reason else null end,
        started_at = case when ${action} = 'start' then ${nowIso}::timestamptz else started_at end,
        completed_at = case when ${to} = 'completed' then ${nowIso}::timestamptz else completed_at end,
        updated_at = ${nowIso}::timestamptz
      where org_id = ${actor.orgId} and id = ${campaignId} and status = ${current.status}
      returning id`),
  );
  // Someone else (or the dialer, auto-completing) changed it between our read and write.
  if (updated.length === 0)
    throw new AppError("conflict", "The campaign changed meanwhile. Reload and try again.");

  // Calls that were claimed but never sent (no provider call id) are closed as failed, and their
  // leads go back to pending with the attempt returned. Calls rows are written only by the service
  // role (members may only read them), so the role is raised for that statement alone, after RLS
  // has let this member change the campaign above, and the statement filters by org.
  const cancelledCalls =
    action === "stop"
      ? await asServiceRole(tx, () => cancelUnsentCalls(tx, { orgId: actor.orgId, campaignId, now }))
      : 0;
  await insertAuditEntry(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: `campaigns.${action}`,
    targetType: "campaigns",
    targetId: campaignId,
    data: {
      name: current.name,
      from: current.status,
      to,
      ...(current.pausedReason ? { pausedReason: current.pausedReason } : {}),
      ...(action === "stop" ? { cancelledCalls } : {}),
    },
  });
  const campaign = await getCampaign(tx, { orgId: actor.orgId, campaignId });
  if (!campaign) throw new AppError("not_found", "That campaign doesn't exist or isn't yours to change.");
  return { campaign, tick: to === "active", cancelledCalls };
}

function hint(status: CampaignStatus): string {
  switch (status) {
    case "draft":
      return "Start it first.";
    case "completed":
      return "A stopped campaign can only be archived.";
    case "archived":
      return "Archived campaigns are read-only.";
    default:
      return "";
  }
}

async function assertReadyToStart(tx: Tx, campaign: Campaign): Promise<void> {
  const [row] = rowsOf<{ has: boolean }>(
    await tx.execute(
      sql`select exists (select 1 from public.leads where campaign_id = ${campaign.id} and deleted_at is null) as has`,
    ),
  );
  if (!row?.has) throw new AppError("conflict", "Add at least one lead before starting the campaign.");
  if (campaign.voiceProvider !== "simulator" && (!campaign.agentId || !campaign.callerId)) {
    throw new AppError(
      "conflict",
      `Set the agent ID and caller ID under Voice agent before starting with ${campaign.voiceProvider}.`,
    );
  }
}
