import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/lib/db/client";

/**
 * Pauses an active campaign on the dialer's behalf (spend cap, refused credentials, failure
 * breaker), with the reason the campaign page shows. False when it was no longer active.
 */
export async function pauseCampaign(
  tx: Tx,
  { campaignId, now, reason }: { campaignId: string; now: Date; reason: string },
): Promise<boolean> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`
      update public.campaigns
      set status = 'paused', paused_reason = ${reason}, updated_at = ${now.toISOString()}::timestamptz
      where id = ${campaignId} and status = 'active'
      returning id`),
  );
  return rows.length > 0;
}
