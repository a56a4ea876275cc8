import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../client";

/**
 * What the live pages poll: a short string that changes whenever the organization's calls or
 * campaigns change, read in one statement off two indexes (calls_org_id_updated_at_idx over the
 * calls changed since `since`, campaigns_org_id_idx over the organization's few campaigns).
 *
 * Not just max(updated_at): a transaction that took its `now` first and committed last would leave
 * the maximum where it was and its change unseen. The count and the sum of the change times of the
 * calls changed since `since` move whenever any of them commits, in whatever order. `campaignId`
 * narrows the calls to one campaign (its page), still off the organization's index.
 */
export async function readChangeMarker(
  tx: Tx,
  { orgId, since, campaignId }: { orgId: string; since: Date; campaignId?: string },
): Promise<string> {
  const [row] = rowsOf<{ marker: string }>(
    await tx.execute(sql`
      select concat_ws(':',
        c.n, c.total, k.n, k.last) as marker
      from (
        select count(*) as n,
          coalesce(sum((extract(epoch from updated_at) * 1000000)::bigint), 0) as total
        from public.calls
        where org_id = ${orgId} and updated_at >= ${since.toISOString()}::timestamptz
          ${campaignId ? sql`and campaign_id = ${campaignId}` : sql``}
      ) c, (
        select count(*) as n, coalesce(max(updated_at)::text, '') as last
        from public.campaigns where org_id = ${orgId}
      ) k`),
  );
  return row?.marker ?? "";
}
