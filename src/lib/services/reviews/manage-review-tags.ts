import type { Tx } from "@/lib/db/client";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";
import {
  deleteReviewTag,
  insertReviewTag,
  type ReviewTag,
  renameReviewTag,
} from "@/lib/db/queries/call-reviews";
import { AppError } from "@/lib/errors";
import type { CreateReviewTagInput, DeleteReviewTagInput, RenameReviewTagInput } from "@/lib/schemas/review";
import { type Actor, assertAdmin } from "../organizations/roles";

// The three changes to the organization's review tags (Settings › Review tags) share their checks
// and their audit row, so they live together; each is owners' and admins' work (RLS agrees).

function taken(name: string): AppError {
  const message = `There is already a tag called “${name}”.`;
  return new AppError("conflict", message, { fields: { name: message } });
}

/** Adds a review tag; a name the organization already uses (in any case) is refused. */
export async function createReviewTag({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: CreateReviewTagInput;
}): Promise<ReviewTag> {
  assertAdmin(actor, "manage review tags");
  const tag = await insertReviewTag(tx, { orgId: actor.orgId, name: input.name });
  if (!tag) throw taken(input.name);
  await audit(tx, actor, "review_tags.create", tag.id, { name: tag.name });
  return tag;
}

/** Renames a tag; reviews keep it (they hold its id). */
export async function renameReviewTagById({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: RenameReviewTagInput;
}): Promise<ReviewTag> {
  assertAdmin(actor, "manage review tags");
  const tag = await renameReviewTag(tx, { orgId: actor.orgId, id: input.id, name: input.name });
  if (tag === "taken") throw taken(input.name);
  if (!tag) throw new AppError("not_found", "That tag was deleted meanwhile.");
  await audit(tx, actor, "review_tags.rename", tag.id, { name: tag.name });
  return tag;
}

/** Deletes a tag and takes it off every review; returns how many reviews carried it. */
export async function deleteReviewTagById({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: DeleteReviewTagInput;
}): Promise<{ tag: ReviewTag; reviewsUntagged: number }> {
  assertAdmin(actor, "manage review tags");
  const result = await deleteReviewTag(tx, { orgId: actor.orgId, id: input.id });
  if (!result) throw new AppError("not_found", "That tag was deleted meanwhile.");
  await audit(tx, actor, "review_tags.delete", result.tag.id, {
    name: result.tag.name,
    reviewsUntagged: result.reviewsUntagged,
  });
  return result;
}

function audit(tx: Tx, actor: Actor, action: string, tagId: string, data: Record<string, unknown>) {
  return insertAuditEntry(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action,
    targetType: "review_tags",
    targetId: tagId,
    data,
  });
}
