import type { Database, Tx } from "@/lib/db/client";
import {
  insertClaimedCalls,
  lockProviderAccount,
  readClaimCapacity,
  tryLockCampaignClaim,
} from "@/lib/db/queries/calls";
import { pauseActiveCampaign } from "@/lib/db/queries/campaigns";
import { withService } from "@/lib/db/with-user";
import type { VoiceProviderName } from "@/lib/integrations/voice/types";
import { logger } from "@/lib/logger";

export type ClaimedCall = {
  callId: string;
  orgId: string;
  campaignId: string;
  leadId: string;
  provider: VoiceProviderName;
  providerAccount: string;
};

export type ClaimCallsOptions = {
  db: Database;
  campaignId: string;
  /** Decisions (window, due time, caps) are taken at this instant, never at the database clock. */
  now: Date;
  /** The voice adapter's account and how many live calls it allows at once. */
  account: { key: string; cap: number };
};

/** A claimed call is sent within minutes; past this the reconciler closes a call nobody dispatched. */
const QUEUED_DEADLINE = "5 minutes";

/**
 * Claims the leads a campaign may call now and creates their call rows, in one transaction:
 * at most as many as the campaign's and the provider account's free slots, daily cap and spend
 * cap allow, each eligible by status, due time, attempts, 24-hour cap, consent, do-not-call and
 * its local calling window. Overlapping claims for one campaign return [] instead of waiting.
 */
export async function claimCalls({
  db,
  campaignId,
  now,
  account,
}: ClaimCallsOptions): Promise<ClaimedCall[]> {
  return withService(async (tx) => {
    if (!(await tryLockCampaignClaim(tx, { campaignId }))) return [];
    // Campaigns sharing a provider account claim one after another, so its cap holds across them.
    await lockProviderAccount(tx, { accountKey: account.key });

    const free = await freeSlots(tx, { campaignId, now, account });
    if (free === null || free <= 0) return [];
    const rows = await insertClaimedCalls(tx, {
      campaignId,
      accountKey: account.key,
      now,
      free,
      queuedDeadline: QUEUED_DEADLINE,
    });
    return rows.map((r) => ({ ...r, campaignId, providerAccount: account.key }));
  }, db);
}

/** Free slots, or null when the campaign is not active (or was just paused for its spend cap). */
async function freeSlots(
  tx: Tx,
  { campaignId, now, account }: Omit<ClaimCallsOptions, "db">,
): Promise<number | null> {
  const c = await readClaimCapacity(tx, { campaignId, accountKey: account.key, now });
  if (!c) return null;
  if (c.spendCapCents !== null && c.spent >= c.spendCapCents) {
    await pauseActiveCampaign(tx, {
      campaignId,
      now,
      reason: `Spend cap reached: calls cost ${formatCents(c.spent)} of the ${formatCents(c.spendCapCents)} cap.`,
    });
    logger.info("campaign paused: spend cap reached", { campaignId, spentCents: c.spent });
    return null;
  }
  let free = Math.min(c.maxConcurrentCalls - c.campaignOpen, account.cap - c.accountOpen);
  if (c.dailyCallCap !== null) free = Math.min(free, c.dailyCallCap - c.today);
  return free;
}

function formatCents(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}
