"use server";

import { revalidatePath } from "next/cache";
import { returnValidationErrors } from "next-safe-action";
import { isAppError } from "@/lib/errors";
import { orgActionClient } from "@/lib/next/safe-action";
import {
  createReviewTagSchema,
  deleteReviewTagSchema,
  renameReviewTagSchema,
  saveCallReviewSchema,
} from "@/lib/schemas/review";
import {
  createReviewTag,
  deleteReviewTagById,
  renameReviewTagById,
} from "@/lib/services/reviews/manage-review-tags";
import { saveCallReview } from "@/lib/services/reviews/save-call-review";

export const saveCallReviewAction = orgActionClient
  .inputSchema(saveCallReviewSchema)
  .action(async ({ parsedInput, ctx }) => {
    try {
      const review = await saveCallReview({
        tx: ctx.tx,
        actor: ctx.actor,
        input: parsedInput,
        now: new Date(),
      });
      revalidatePath(`/calls/${parsedInput.callId}`);
      revalidatePath("/calls/reviews");
      return { score: review.score, reviewedAt: review.reviewedAt.toISOString() };
    } catch (error) {
      const tagIds = isAppError(error) ? error.details?.fields?.tagIds : undefined;
      if (tagIds) returnValidationErrors(saveCallReviewSchema, { tagIds: { _errors: [tagIds] } });
      throw error;
    }
  });

function nameTaken(error: unknown): string | undefined {
  return isAppError(error) ? error.details?.fields?.name : undefined;
}

export const createReviewTagAction = orgActionClient
  .inputSchema(createReviewTagSchema)
  .action(async ({ parsedInput, ctx }) => {
    try {
      const tag = await createReviewTag({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
      revalidatePath("/settings");
      return tag;
    } catch (error) {
      const name = nameTaken(error);
      if (name) returnValidationErrors(createReviewTagSchema, { name: { _errors: [name] } });
      throw error;
    }
  });

export const renameReviewTagAction = orgActionClient
  .inputSchema(renameReviewTagSchema)
  .action(async ({ parsedInput, ctx }) => {
    try {
      const tag = await renameReviewTagById({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
      revalidatePath("/settings");
      return tag;
    } catch (error) {
      const name = nameTaken(error);
      if (name) returnValidationErrors(renameReviewTagSchema, { name: { _errors: [name] } });
      throw error;
    }
  });

export const deleteReviewTagAction = orgActionClient
  .inputSchema(deleteReviewTagSchema)
  .action(async ({ parsedInput, ctx }) => {
    const result = await deleteReviewTagById({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
    revalidatePath("/settings");
    return { name: result.tag.name, reviewsUntagged: result.reviewsUntagged };
  });
