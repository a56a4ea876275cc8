import { z } from "zod";

/** A review as the call page's form sends it: one per call, the latest save wins. */
export const saveCallReviewSchema = z.object({
  callId: z.uuid(),
  score: z.coerce
    .number({ error: "Pick a score from 1 to 5." })
    .int()
    .min(1, "Pick a score from 1 to 5.")
    .max(5, "Pick a score from 1 to 5."),
  tagIds: z.array(z.uuid()).max(20, "At most 20 tags on one call.").default([]),
  notes: z.string().trim().max(4_000, "Notes are limited to 4,000 characters.").default(""),
  flagged: z.boolean().default(false),
});
export type SaveCallReviewInput = z.infer<typeof saveCallReviewSchema>;

export const reviewTagNameSchema = z
  .string()
  .trim()
  .min(1, "Give the tag a name.")
  .max(40, "Tag names are limited to 40 characters.");

export const createReviewTagSchema = z.object({ name: reviewTagNameSchema });
export type CreateReviewTagInput = z.infer<typeof createReviewTagSchema>;

export const renameReviewTagSchema = z.object({ id: z.uuid(), name: reviewTagNameSchema });
export type RenameReviewTagInput = z.infer<typeof renameReviewTagSchema>;

export const deleteReviewTagSchema = z.object({ id: z.uuid() });
export type DeleteReviewTagInput = z.infer<typeof deleteReviewTagSchema>;

/** Which calls the Reviews view lists. */
export const REVIEW_QUEUES = ["to_review", "flagged", "low", "reviewed"] as const;
export type ReviewQueue = (typeof REVIEW_QUEUES)[number];

/** A score at or below this is a "low score" worth a second look. */
export const LOW_SCORE = 2;

export const REVIEW_PAGE_SIZE = 25;

/** The Reviews view's search parameters; anything unreadable falls back to the default. */
export const reviewListQuerySchema = z.object({
  queue: z.enum(REVIEW_QUEUES).catch("to_review").default("to_review"),
  campaignId: z.uuid().optional().catch(undefined),
  tagId: z.uuid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type ReviewListQuery = z.infer<typeof reviewListQuerySchema>;

/** The calls log's review filter (for the calls page; see docs/decisions/0016-review-activity.md). */
export const CALL_REVIEW_FILTERS = ["reviewed", "unreviewed", "flagged", "low"] as const;
export type CallReviewFilter = (typeof CALL_REVIEW_FILTERS)[number];
