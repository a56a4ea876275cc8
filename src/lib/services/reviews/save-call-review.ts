import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";
import { type CallReview, getCallReview, upsertCallReview } from "@/lib/db/queries/call-reviews";
import { calls, reviewTags } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { SaveCallReviewInput } from "@/lib/schemas/review";
import { type Actor, assertAdmin } from "../organizations/roles";

/**
 * Saves the QA review of one ended call (owners and admins; RLS agrees): score, tags, notes and the
 * coaching flag, with the reviewer and `now`. A second save replaces the first; the audit log keeps
 * each save's score and flag (never the notes, which may quote the lead).
 */
export async function saveCallReview({
  tx,
  actor,
  input,
  now,
}: {
  tx: Tx;
  actor: Actor;
  input: SaveCallReviewInput;
  now: Date;
}): Promise<CallReview> {
  assertAdmin(actor, "review calls");
  const [call] = await tx
    .select({ id: calls.id, campaignId: calls.campaignId, status: calls.status })
    .from(calls)
    .where(and(eq(calls.orgId, actor.orgId), eq(calls.id, input.callId)));
  if (!call) throw new AppError("not_found", "That call doesn't exist or isn't yours to review.");
  if (call.status !== "ended") throw new AppError("conflict", "Review the call once it has ended.");

  const tagIds = [...new Set(input.tagIds)];
  if (tagIds.length > 0) {
    const known = await tx
      .select({ id: reviewTags.id })
      .from(reviewTags)
      .where(and(eq(reviewTags.orgId, actor.orgId), inArray(reviewTags.id, tagIds)));
    if (known.length !== tagIds.length) {
      const message = "A tag was deleted meanwhile. Reload the page and pick the tags again.";
      throw new AppError("validation", message, { fields: { tagIds: message } });
    }
  }
  const before = await getCallReview(tx, { orgId: actor.orgId, callId: call.id });
  await upsertCallReview(tx, {
    orgId: actor.orgId,
    callId: call.id,
    campaignId: call.campaignId,
    score: input.score,
    tagIds,
    notes: input.notes,
    flagged: input.flagged,
    reviewerId: actor.userId,
    reviewedAt: now,
  });
  await insertAuditEntry(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: "calls.review",
    targetType: "calls",
    targetId: call.id,
    data: {
      score: input.score,
      flagged: input.flagged,
      tags: tagIds.length,
      ...(before ? { previousScore: before.score, previousFlagged: before.flagged } : {}),
    },
  });
  const saved = await getCallReview(tx, { orgId: actor.orgId, callId: call.id });
  if (!saved) throw new AppError("forbidden", "You can't review calls in this organization.");
  return saved;
}
