import { Star } from "lucide-react";
import { cn } from "@/lib/utils";
import { SCORE_LABELS } from "./review-labels";

/** A score as five stars, read out as "4 of 5: Good". */
export function ScoreStars({ score, className }: { score: number; className?: string }) {
  return (
    <span
      role="img"
      aria-label={`${score} of 5: ${SCORE_LABELS[score]}`}
      title={SCORE_LABELS[score]}
      className={cn("inline-flex items-center gap-0.5", className)}
    >
      {[1, 2, 3, 4, 5].map((n) => (
        <Star
          key={n}
          aria-hidden="true"
          className={cn("size-3.5", n <= score ? "fill-warning text-warning" : "text-muted-foreground/40")}
        />
      ))}
    </span>
  );
}
