import { and, count, eq, isNull, sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../client";
import { campaigns, dialableStatusList, leads } from "../schema";
import { descNullsLast } from "./order";

export type Campaign = typeof campaigns.$inferSelect;

export async function insertCampaign(
  tx: Tx,
  values: {
    orgId: string;
    name: string;
    defaultTimezone: string;
    requireConsent: boolean;
    createdBy: string | null;
  },
): Promise<Campaign> {
  const [row] = await tx.insert(campaigns).values(values).returning();
  if (!row) throw new Error("insert into campaigns returned nothing");
  return row;
}

export async function getCampaign(tx: Tx, { orgId, campaignId }: { orgId: string; campaignId: string }) {
  const [row] = await tx
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.orgId, orgId), eq(campaigns.id, campaignId)));
  return row;
}

/** Campaigns of an organization with their live lead counts, newest first. */
export async function listCampaigns(tx: Tx, { orgId }: { orgId: string }) {
  return listCampaignsQuery(tx, { orgId });
}

/** The statement behind `listCampaigns`, unexecuted (the benchmark prints its plan). */
export function listCampaignsQuery(tx: Tx, { orgId }: { orgId: string }) {
  const counts = tx
    .select({
      campaignId: leads.campaignId,
      leadCount: count().as("lead_count"),
      // Leads the dialer is finished with: neither waiting for a call nor in one.
      doneCount:
        sql<number>`count(*) filter (where ${leads.status} not in ('pending', 'callback', 'queued', 'calling'))`.as(
          "done_count",
        ),
      bookedCount: sql<number>`count(*) filter (where ${leads.status} = 'booked')`.as("booked_count"),
    })
    .from(leads)
    .where(and(eq(leads.orgId, orgId), isNull(leads.deletedAt)))
    .groupBy(leads.campaignId)
    .as("counts");
  return tx
    .select({
      id: campaigns.id,
      name: campaigns.name,
      status: campaigns.status,
      defaultTimezone: campaigns.defaultTimezone,
      requireConsent: campaigns.requireConsent,
      createdAt: campaigns.createdAt,
      leadCount: sql<number>`coalesce(${counts.leadCount}, 0)::int`,
      doneCount: sql<number>`coalesce(${counts.doneCount}, 0)::int`,
      bookedCount: sql<number>`coalesce(${counts.bookedCount}, 0)::int`,
      voiceProvider: campaigns.voiceProvider,
    })
    .from(campaigns)
    .leftJoin(counts, eq(counts.campaignId, campaigns.id))
    .where(eq(campaigns.orgId, orgId))
    .orderBy(descNullsLast(campaigns.createdAt), descNullsLast(campaigns.id));
}

export type CampaignCounts = { campaignId: string; calls: number; connected: number };

/**
 * Calls placed and calls answered per campaign of an organization, for the campaigns list. Read
 * from the hourly rollup the call triggers keep current in each call's own transaction (decision
 * 0014), so the list costs the campaigns' hours, not their calls: counting a million calls took
 * 0.5-1 s.
 */
export async function listCampaignCounts(tx: Tx, { orgId }: { orgId: string }): Promise<CampaignCounts[]> {
  return rowsOf<CampaignCounts>(
    await tx.execute(sql`
      select campaign_id as "campaignId", sum(placed)::int as calls, sum(answered)::int as connected
      from public.report_hourly
      where org_id = ${orgId} and campaign_id is not null
      group by campaign_id
      having sum(placed) > 0
    `),
  );
}

// ---------------------------------------------------------------------------------------------
// The dialer's side (service role)

/** Active campaigns (or just this one, if active), by id. */
export async function listActiveCampaigns(
  tx: Tx,
  { campaignId }: { campaignId?: string },
): Promise<Pick<Campaign, "id" | "orgId" | "voiceProvider">[]> {
  return rowsOf<Pick<Campaign, "id" | "orgId" | "voiceProvider">>(
    await tx.execute(sql`
      select id, org_id as "orgId", voice_provider as "voiceProvider" from public.campaigns
      where status = 'active' ${campaignId ? sql`and id = ${campaignId}` : sql``}
      order by id
    `),
  );
}

/**
 * Active campaigns (or just this one) with no lead left to dial and no call in flight become
 * completed; returns how many did.
 */
export async function completeFinishedCampaigns(
  tx: Tx,
  { now, campaignId }: { now: Date; campaignId?: string },
): Promise<number> {
  const at = now.toISOString();
  const rows = rowsOf<Pick<Campaign, "id">>(
    await tx.execute(sql`
    with done as (
      update public.campaigns k
      set status = 'completed', completed_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
      where k.status = 'active' ${campaignId ? sql`and k.id = ${campaignId}` : sql``}
        -- Queued and calling leads always have an open call, so these two checks cover them too.
        and not exists (select 1 from public.leads l
                        where l.campaign_id = k.id and l.status in (${dialableStatusList})
                          and l.deleted_at is null)
        and not exists (select 1 from public.calls c where c.campaign_id = k.id and c.status <> 'ended')
      returning k.id, k.org_id, k.name
    ),
    -- The dialer's own lifecycle step, in the activity feed like a person's (no actor; stamped by
    -- the database like every audit row).
    logged as (
      insert into public.audit_log (org_id, action, target_type, target_id, data)
      select org_id, 'campaigns.complete', 'campaigns', id::text, jsonb_build_object('name', name)
      from done
    )
    select id from done
    `),
  );
  return rows.length;
}

/**
 * Pauses an active campaign on the dialer's behalf (spend cap, refused credentials, failure
 * breaker), with the reason the campaign page shows. False when it was no longer active.
 */
export async function pauseActiveCampaign(
  tx: Tx,
  { campaignId, now, reason }: { campaignId: string; now: Date; reason: string },
): Promise<boolean> {
  const [row] = await tx
    .update(campaigns)
    .set({ status: "paused", pausedReason: reason, updatedAt: now })
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, "active")))
    .returning({ id: campaigns.id, orgId: campaigns.orgId, name: campaigns.name });
  if (!row) return false;
  // The activity feed says who paused it (nobody: the dialer) and why, in the pause's transaction.
  await tx.execute(sql`
    insert into public.audit_log (org_id, action, target_type, target_id, data)
    values (${row.orgId}, 'campaigns.auto_pause', 'campaigns', ${row.id}, ${JSON.stringify({ name: row.name, reason })}::jsonb)`);
  return true;
}
