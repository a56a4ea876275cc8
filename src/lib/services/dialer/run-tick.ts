import type { Database } from "@/lib/db/client";
import {
  completeFinishedCampaigns,
  listActiveCampaigns,
  pauseActiveCampaign,
} from "@/lib/db/queries/campaigns";
import { withService } from "@/lib/db/with-user";
import type { Queue } from "@/lib/integrations/queue/types";
import { VoiceError } from "@/lib/integrations/voice/types";
import { logger } from "@/lib/logger";
import { queueReminders } from "../email/queue-reminders";
import { abandonIdleImports } from "../imports/abandon-idle-imports";
import { purgeTrashedLeads } from "../leads/purge-trashed-leads";
import { sweepUnappliedEvents } from "../webhooks/sweep-unapplied-events";
import { claimCalls } from "./claim-calls";
import type { VoiceFor } from "./dispatch-call";
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
 * enqueue their dispatch, then complete the campaigns that have nothing left to call. The full
 * tick also queues again the webhook events whose apply job was lost, queues meeting reminders,
 * abandons lead imports left idle for hours and erases leads that have been in the trash for 30
 * days (a batch per tick).
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
  const campaigns = await withService((tx) => listActiveCampaigns(tx, { campaignId }), db);

  let claimed = 0;
  for (const campaign of campaigns) {
    try {
      const voice = await voiceFor(campaign.voiceProvider, campaign.orgId);
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
          (tx) => pauseActiveCampaign(tx, { campaignId: campaign.id, now, reason: error.message }),
          db,
        );
        logger.warn("campaign paused: voice provider unavailable", { campaignId: campaign.id });
        continue;
      }
      logger.error("tick failed for campaign", { campaignId: campaign.id, error: (error as Error).message });
    }
  }

  const completed = await withService((tx) => completeFinishedCampaigns(tx, { now, campaignId }), db);
  if (!campaignId) {
    try {
      const swept = await sweepUnappliedEvents({ db, now, queue });
      if (swept.queued) logger.warn("webhook events whose apply job was lost, queued again", swept);
    } catch (error) {
      logger.error("sweeping unapplied webhook events failed", { error: (error as Error).message });
    }
    // Meeting reminders ride on the full tick (not the per-campaign refills); a failure waits for the next one.
    try {
      await queueReminders({ db, now, queue });
    } catch (error) {
      logger.error("reminders failed", { error: (error as Error).message });
    }
    try {
      const abandoned = await abandonIdleImports({ db, now });
      if (abandoned.imports) logger.info("idle imports abandoned", abandoned);
    } catch (error) {
      logger.error("abandoning idle imports failed", { error: (error as Error).message });
    }
    try {
      const purged = await purgeTrashedLeads({ db, now });
      if (purged.leads) logger.info("trashed leads erased after 30 days", purged);
    } catch (error) {
      logger.error("purging the trash failed", { error: (error as Error).message });
    }
  }
  if (claimed || completed) logger.info("tick", { campaigns: campaigns.length, claimed, completed });
  return { campaigns: campaigns.length, claimed, completed };
}
