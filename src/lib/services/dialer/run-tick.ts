import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "@/lib/db/client";
import { dialableStatusList } from "@/lib/db/schema";
import { withService } from "@/lib/db/with-user";
import type { Queue } from "@/lib/integrations/queue/types";
import { VoiceError, type VoiceProviderName } from "@/lib/integrations/voice/types";
import { logger } from "@/lib/logger";
import { queueReminders } from "../email/queue-reminders";
import { claimCalls } from "./claim-calls";
import type { VoiceFor } from "./dispatch-call";
import { pauseCampaign } from "./pause-campaign";
import { type ReconcileSummary, reconcileCalls } from "./reconcile-calls";

/** The reconciler's shape (reconcile-calls.ts): closes calls stuck past their deadline. */
export type Reconcile = (options: {
  db: Database;
  now: Date;
  voiceFor: VoiceFor;
  queue: Queue;
}) => Promise<ReconcileSummary>;

export type RunTickOptions = {
  db: Database;
  now: Date;
  queue: Queue;
  voiceFor: VoiceFor;
  /** Only this campaign (the refill after one of its calls ended); all active campaigns otherwise. */
  campaignId?: string;
  /** Runs first, so slots held by lost calls are freed before claiming (default: reconcileCalls). */
  reconcile?: Reconcile;
};

export type TickSummary = { campaigns: number; claimed: number; completed: number };

/**
 * One dialer tick: reconcile stuck calls, claim calls for every active campaign (or one) and
 * enqueue their dispatch, then complete the campaigns that have nothing left to call.
 */
export async function runTick({
  db,
  now,
  queue,
  voiceFor,
  campaignId,
  reconcile = reconcileCalls,
}: RunTickOptions): Promise<TickSummary> {
  try {
    await reconcile({ db, now, voiceFor, queue });
  } catch (error) {
    // A failing reconciler must not stop dialing: its calls wait for the next tick.
    logger.error("reconcile failed", { error: (error as Error).message });
  }
  const campaigns = rowsOf<{ id: string; org_id: string; voice_provider: VoiceProviderName }>(
    await withService(
      (tx) =>
        tx.execute(sql`
          select id, org_id, voice_provider from public.campaigns
          where status = 'active' ${campaignId ? sql`and id = ${campaignId}` : sql``}
          order by id
        `),
      db,
    ),
  );

  let claimed = 0;
  for (const campaign of campaigns) {
    try {
      const voice = await voiceFor(campaign.voice_provider, campaign.org_id);
      const calls = await claimCalls({
        db,
        campaignId: campaign.id,
        now,
        account: { key: voice.account, cap: voice.concurrencyCap },
      });
      claimed += calls.length;
      for (const call of calls) {
        // A job lost here leaves the call queued; the reconciler closes it at its deadline.
        await queue
          .enqueue(
            { type: "dispatch-call", callId: call.callId },
            { dedupeId: call.callId, flowKey: call.providerAccount, flowParallelism: voice.concurrencyCap },
          )
          .catch((error: Error) =>
            logger.error("enqueue failed", { callId: call.callId, error: error.message }),
          );
      }
    } catch (error) {
      if (error instanceof VoiceError && error.kind === "auth") {
        await withService(
          (tx) => pauseCampaign(tx, { campaignId: campaign.id, now, reason: error.message }),
          db,
        );
        logger.warn("campaign paused: voice provider unavailable", { campaignId: campaign.id });
        continue;
      }
      logger.error("tick failed for campaign", { campaignId: campaign.id, error: (error as Error).message });
    }
  }

  const completed = await completeFinished(db, now, campaignId);
  if (!campaignId) {
    // Meeting reminders ride on the full tick (not the per-campaign refills); a failure waits for the next one.
    try {
      await queueReminders({ db, now, queue });
    } catch (error) {
      logger.error("reminders failed", { error: (error as Error).message });
    }
  }
  if (claimed || completed) logger.info("tick", { campaigns: campaigns.length, claimed, completed });
  return { campaigns: campaigns.length, claimed, completed };
}

/** Active campaigns with no lead left to dial and no call in flight are done. */
async function completeFinished(db: Database, now: Date, campaignId?: string): Promise<number> {
  const at = now.toISOString();
  const rows = rowsOf<{ id: string }>(
    await withService(
      (tx) =>
        tx.execute(sql`
          update public.campaigns k
          set status = 'completed', completed_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
          where k.status = 'active' ${campaignId ? sql`and k.id = ${campaignId}` : sql``}
            -- Queued and calling leads always have an open call, so these two checks cover them too.
            and not exists (select 1 from public.leads l
                            where l.campaign_id = k.id and l.status in (${dialableStatusList}))
            and not exists (select 1 from public.calls c where c.campaign_id = k.id and c.status <> 'ended')
          returning k.id
        `),
      db,
    ),
  );
  return rows.length;
}
