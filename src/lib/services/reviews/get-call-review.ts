import type { Tx } from "@/lib/db/client";
import {
  type CallReview,
  getCallReview,
  listReviewTags,
  type ReviewTag,
} from "@/lib/db/queries/call-reviews";
import { type Actor, hasRole } from "../organizations/roles";

/** A call's review, the organization's tags, and whether this member may write the review. */
export async function getCallReviewView({
  tx,
  actor,
  callId,
}: {
  tx: Tx;
  actor: Actor;
  callId: string;
}): Promise<{ review: CallReview | null; tags: ReviewTag[]; canReview: boolean }> {
  const [review, tags] = [
    await getCallReview(tx, { orgId: actor.orgId, callId }),
    await listReviewTags(tx, { orgId: actor.orgId }),
  ];
  return { review, tags, canReview: hasRole(actor.role, "admin") };
}
