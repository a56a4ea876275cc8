import type { ReviewQueue } from "@/lib/schemas/review";

/** What each score means, so two reviewers give the same call the same number. */
export const SCORE_LABELS: Record<number, string> = {
  1: "Poor",
  2: "Needs work",
  3: "Fine",
  4: "Good",
  5: "Excellent",
};

export const REVIEW_QUEUE_LABELS: Record<ReviewQueue, string> = {
  to_review: "To review",
  flagged: "Flagged for coaching",
  low: "Low scores",
  reviewed: "All reviewed",
};

export const REVIEW_QUEUE_EMPTY: Record<ReviewQueue, string> = {
  to_review: "Every answered call has been reviewed.",
  flagged: "No call is flagged for coaching.",
  low: "No call scored 2 or lower.",
  reviewed: "No call has been reviewed yet.",
};
