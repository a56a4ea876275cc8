import type { Tx } from "@/lib/db/client";
import { countReviewQueue, listReviewQueuePage } from "@/lib/db/queries/call-reviews";
import { pageWithin } from "@/lib/schemas/list";
import { REVIEW_PAGE_SIZE, type ReviewListQuery } from "@/lib/schemas/review";
import type { Actor } from "../organizations/roles";

/**
 * One page of the Reviews view (every member reads it; RLS applies): answered calls nobody has
 * reviewed, calls flagged for coaching, low scores, or every review; newest first, counted up to
 * the cap.
 */
export async function listReviewQueue({
  tx,
  actor,
  query,
}: {
  tx: Tx;
  actor: Actor;
  query: ReviewListQuery;
}) {
  const filter = { queue: query.queue, campaignId: query.campaignId, tagId: query.tagId };
  const total = await countReviewQueue(tx, { orgId: actor.orgId, filter });
  const page = pageWithin(query.page, total, REVIEW_PAGE_SIZE);
  const rows =
    total.count === 0
      ? []
      : await listReviewQueuePage(tx, {
          orgId: actor.orgId,
          filter,
          limit: REVIEW_PAGE_SIZE,
          offset: (page - 1) * REVIEW_PAGE_SIZE,
        });
  return { rows, page, total: total.count, capped: total.capped, pageSize: REVIEW_PAGE_SIZE };
}
