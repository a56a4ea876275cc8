import { and, asc, eq, inArray, lte, ne, notExists, type SQL, sql } from "drizzle-orm";
import type { CappedCount } from "@/lib/schemas/list";
import { type CallReviewFilter, LOW_SCORE, type ReviewQueue } from "@/lib/schemas/review";
import type { Tx } from "../client";
import { callReviews, calls, campaigns, leads, profiles, reviewTags } from "../schema";
import { countCapped } from "./capped-count";
import { descNullsLast } from "./order";

export type ReviewTag = { id: string; name: string };

/** The organization's review tags, by name (a handful: the settings card and the review form). */
export async function listReviewTags(tx: Tx, { orgId }: { orgId: string }): Promise<ReviewTag[]> {
  return tx
    .select({ id: reviewTags.id, name: reviewTags.name })
    .from(reviewTags)
    .where(eq(reviewTags.orgId, orgId))
    .orderBy(asc(sql`lower(${reviewTags.name})`), asc(reviewTags.id));
}

export async function insertReviewTag(tx: Tx, { orgId, name }: { orgId: string; name: string }) {
  const [row] = await tx
    .insert(reviewTags)
    .values({ orgId, name })
    .onConflictDoNothing()
    .returning({ id: reviewTags.id, name: reviewTags.name });
  return row ?? null;
}

/** Renames a tag; "taken" when another tag of the organization has that name (in any case). */
export async function renameReviewTag(
  tx: Tx,
  { orgId, id, name }: { orgId: string; id: string; name: string },
): Promise<ReviewTag | "taken" | null> {
  const [clash] = await tx
    .select({ id: reviewTags.id })
    .from(reviewTags)
    .where(
      and(
        eq(reviewTags.orgId, orgId),
        sql`lower(${reviewTags.name}) = lower(${name})`,
        ne(reviewTags.id, id),
      ),
    );
  if (clash) return "taken";
  const [row] = await tx
    .update(reviewTags)
    .set({ name })
    .where(and(eq(reviewTags.orgId, orgId), eq(reviewTags.id, id)))
    .returning({ id: reviewTags.id, name: reviewTags.name });
  return row ?? null;
}

/** Deletes a tag and takes it off every review that carried it; returns how many reviews did. */
export async function deleteReviewTag(tx: Tx, { orgId, id }: { orgId: string; id: string }) {
  const deleted = await tx
    .delete(reviewTags)
    .where(and(eq(reviewTags.orgId, orgId), eq(reviewTags.id, id)))
    .returning({ id: reviewTags.id, name: reviewTags.name });
  if (deleted.length === 0) return null;
  const untagged = await tx
    .update(callReviews)
    .set({ tagIds: sql`array_remove(${callReviews.tagIds}, ${id}::uuid)` })
    .where(and(eq(callReviews.orgId, orgId), sql`${callReviews.tagIds} @> array[${id}::uuid]`))
    .returning({ callId: callReviews.callId });
  return { tag: deleted[0] as ReviewTag, reviewsUntagged: untagged.length };
}

export type CallReview = {
  callId: string;
  score: number;
  tagIds: string[];
  notes: string;
  flagged: boolean;
  reviewerId: string | null;
  reviewerName: string | null;
  reviewedAt: Date;
};

/** A call's review with its reviewer's name, or null when nobody has reviewed it. */
export async function getCallReview(
  tx: Tx,
  { orgId, callId }: { orgId: string; callId: string },
): Promise<CallReview | null> {
  const [row] = await tx
    .select({
      callId: callReviews.callId,
      score: callReviews.score,
      tagIds: callReviews.tagIds,
      notes: callReviews.notes,
      flagged: callReviews.flagged,
      reviewerId: callReviews.reviewerId,
      reviewerName: sql<string | null>`coalesce(${profiles.fullName}, ${profiles.email})`,
      reviewedAt: callReviews.reviewedAt,
    })
    .from(callReviews)
    .leftJoin(profiles, eq(profiles.id, callReviews.reviewerId))
    .where(and(eq(callReviews.orgId, orgId), eq(callReviews.callId, callId)));
  return row ?? null;
}

/** Writes the call's review (insert or replace) and returns whether one existed before. */
export async function upsertCallReview(
  tx: Tx,
  review: {
    orgId: string;
    callId: string;
    campaignId: string;
    score: number;
    tagIds: string[];
    notes: string;
    flagged: boolean;
    reviewerId: string;
    reviewedAt: Date;
  },
): Promise<void> {
  await tx
    .insert(callReviews)
    .values(review)
    .onConflictDoUpdate({
      target: callReviews.callId,
      set: {
        score: review.score,
        tagIds: review.tagIds,
        notes: review.notes,
        flagged: review.flagged,
        reviewerId: review.reviewerId,
        reviewedAt: review.reviewedAt,
      },
    });
}

export type ReviewFilter = { queue: ReviewQueue; campaignId?: string; tagId?: string };

/**
 * Answered calls nobody has reviewed, newest first: a walk of calls_org_id_created_at_idx (or the
 * campaign's index) that skips reviewed calls by their primary key.
 */
function unreviewedCalls(orgId: string, filter: ReviewFilter): SQL | undefined {
  return and(
    eq(calls.orgId, orgId),
    filter.campaignId ? eq(calls.campaignId, filter.campaignId) : undefined,
    eq(calls.result, "answered"),
    notExists(sql`(select 1 from ${callReviews} where ${callReviews.callId} = ${calls.id})`),
  );
}

/** Reviews in a queue: a walk of call_reviews_flagged_idx or call_reviews_org_id_reviewed_at_idx. */
function reviewsIn(orgId: string, filter: ReviewFilter): SQL | undefined {
  return and(
    eq(callReviews.orgId, orgId),
    // Written literally so the planner can use the partial index.
    filter.queue === "flagged" ? sql`${callReviews.flagged}` : undefined,
    filter.queue === "low" ? lte(callReviews.score, LOW_SCORE) : undefined,
    filter.campaignId ? eq(callReviews.campaignId, filter.campaignId) : undefined,
    filter.tagId ? sql`${callReviews.tagIds} @> array[${filter.tagId}::uuid]` : undefined,
  );
}

/** How many calls the queue holds, up to the cap. */
export async function countReviewQueue(
  tx: Tx,
  { orgId, filter }: { orgId: string; filter: ReviewFilter },
): Promise<CappedCount> {
  if (filter.queue === "to_review") {
    if (filter.tagId) return { count: 0, capped: false };
    return countCapped(tx, tx.select({ id: calls.id }).from(calls).where(unreviewedCalls(orgId, filter)));
  }
  return countCapped(
    tx,
    tx.select({ id: callReviews.callId }).from(callReviews).where(reviewsIn(orgId, filter)),
  );
}

/**
 * One page of a review queue: the page's call ids off the queue's index first, then only their
 * calls, leads, campaigns, reviews and reviewers (docs/decisions/0010-list-plans.md).
 */
export async function listReviewQueuePage(
  tx: Tx,
  { orgId, filter, limit, offset }: { orgId: string; filter: ReviewFilter; limit: number; offset: number },
) {
  let ids: string[];
  if (filter.queue === "to_review") {
    if (filter.tagId) return [];
    const rows = await tx
      .select({ id: calls.id })
      .from(calls)
      .where(unreviewedCalls(orgId, filter))
      .orderBy(descNullsLast(calls.createdAt), descNullsLast(calls.id))
      .limit(limit)
      .offset(offset);
    ids = rows.map((r) => r.id);
  } else {
    const rows = await tx
      .select({ id: callReviews.callId })
      .from(callReviews)
      .where(reviewsIn(orgId, filter))
      .orderBy(descNullsLast(callReviews.reviewedAt), descNullsLast(callReviews.callId))
      .limit(limit)
      .offset(offset);
    ids = rows.map((r) => r.id);
  }
  if (ids.length === 0) return [];
  const rows = await tx
    .select({
      callId: calls.id,
      createdAt: calls.createdAt,
      startedAt: calls.startedAt,
      durationSeconds: calls.durationSeconds,
      outcome: calls.outcome,
      provider: calls.provider,
      phone: calls.toNumber,
      leadId: calls.leadId,
      firstName: leads.firstName,
      lastName: leads.lastName,
      company: leads.company,
      campaignId: calls.campaignId,
      campaignName: campaigns.name,
      score: callReviews.score,
      flagged: callReviews.flagged,
      tagIds: callReviews.tagIds,
      reviewedAt: callReviews.reviewedAt,
      reviewerName: sql<string | null>`coalesce(${profiles.fullName}, ${profiles.email})`,
    })
    .from(calls)
    .innerJoin(leads, eq(leads.id, calls.leadId))
    .innerJoin(campaigns, eq(campaigns.id, calls.campaignId))
    .leftJoin(callReviews, eq(callReviews.callId, calls.id))
    .leftJoin(profiles, eq(profiles.id, callReviews.reviewerId))
    .where(and(eq(calls.orgId, orgId), inArray(calls.id, ids)));
  const byId = new Map(rows.map((r) => [r.callId, r]));
  // Back in the page's order: the ids came off the index in it.
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}
export type ReviewQueueRow = Awaited<ReturnType<typeof listReviewQueuePage>>[number];

/**
 * The calls log's review filter, as a condition on `calls` for its WHERE (the lead wires it into
 * the calls page's filters; docs/decisions/0016-review-activity.md). Each is an index probe of
 * call_reviews per call the log's walk reads.
 */
export function callReviewCondition(filter: CallReviewFilter): SQL {
  const review = (extra: SQL) =>
    sql`exists (select 1 from ${callReviews} where ${callReviews.callId} = ${calls.id} and ${extra})`;
  switch (filter) {
    case "reviewed":
      return review(sql`true`);
    case "unreviewed":
      return sql`not exists (select 1 from ${callReviews} where ${callReviews.callId} = ${calls.id})`;
    case "flagged":
      return review(sql`${callReviews.flagged}`);
    case "low":
      return review(sql`${callReviews.score} <= ${LOW_SCORE}`);
  }
}
