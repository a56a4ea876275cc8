import { Flag } from "lucide-react";
import { LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import type { Actor } from "@/lib/services/organizations/roles";
import { getCallReviewView } from "@/lib/services/reviews/get-call-review";
import { CallReviewForm } from "./call-review-form";
import { ScoreStars } from "./score-stars";

/**
 * The QA review on a call page: the form for owners and admins once the call has ended, the review
 * itself (read-only) for members. Loads its own data, so the page places it with one line.
 */
export async function CallReviewCard({ callId, ended }: { callId: string; ended: boolean }) {
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const { review, tags, canReview } = await withUser(user, (tx) => getCallReviewView({ tx, actor, callId }));
  const tagNames = new Map(tags.map((t) => [t.id, t.name]));
  return (
    <Card data-testid="call-review">
      <CardHeader>
        <CardTitle>Review</CardTitle>
        <CardDescription>
          {review ? (
            <>
              Reviewed by {review.reviewerName ?? "a former member"} ·{" "}
              <LocalTime value={review.reviewedAt} format="datetime" />
            </>
          ) : canReview ? (
            "Score the call, tag it and note what to coach."
          ) : (
            "Not reviewed yet. Owners and admins review calls."
          )}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {canReview && ended ? (
          <CallReviewForm
            callId={callId}
            tags={tags}
            defaults={{
              score: review?.score ?? null,
              tagIds: review?.tagIds ?? [],
              notes: review?.notes ?? "",
              flagged: review?.flagged ?? false,
            }}
          />
        ) : review ? (
          <div className="grid gap-3 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <ScoreStars score={review.score} />
              {review.flagged ? (
                <Badge variant="warning">
                  <Flag /> Flagged for coaching
                </Badge>
              ) : null}
            </div>
            {review.tagIds.length > 0 ? (
              <div className="flex flex-wrap gap-1.5">
                {review.tagIds.map((id) => (
                  <Badge key={id} variant="outline" className="max-w-full truncate">
                    {tagNames.get(id) ?? "deleted tag"}
                  </Badge>
                ))}
              </div>
            ) : null}
            {review.notes ? <p className="leading-relaxed whitespace-pre-wrap">{review.notes}</p> : null}
          </div>
        ) : (
          <p className="text-muted-foreground text-sm">
            {ended ? "Nobody has reviewed this call yet." : "The call can be reviewed once it has ended."}
          </p>
        )}
      </CardContent>
    </Card>
  );
}
