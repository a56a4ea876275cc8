import { and, count, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { campaigns, leads } from "../schema";

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

/** Campaigns of an organization with their lead counts, newest first. */
export async function listCampaigns(tx: Tx, { orgId }: { orgId: string }) {
  const counts = tx
    .select({
      campaignId: leads.campaignId,
      leadCount: count().as("lead_count"),
      // Leads the dialer is finished with: neither waiting for a call nor in one.
      doneCount:
        sql<number>`count(*) filter (where ${leads.status} not in ('pending', 'callback', 'queued', 'calling'))`.as(
          "done_count",
        ),
    })
    .from(leads)
    .where(eq(leads.orgId, orgId))
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
      voiceProvider: campaigns.voiceProvider,
    })
    .from(campaigns)
    .leftJoin(counts, eq(counts.campaignId, campaigns.id))
    .where(eq(campaigns.orgId, orgId))
    .orderBy(desc(campaigns.createdAt));
}
