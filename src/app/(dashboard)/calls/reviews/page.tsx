import { ArrowLeft, ClipboardCheck, Flag } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app/page-header";
import { Pager } from "@/components/app/pager";
import { formatDuration } from "@/components/campaigns/call-labels";
import { EmptyState } from "@/components/empty-state";
import { formatPhone } from "@/components/leads/format-phone";
import { LocalTime } from "@/components/local-time";
import { REVIEW_QUEUE_EMPTY, REVIEW_QUEUE_LABELS } from "@/components/reviews/review-labels";
import { ScoreStars } from "@/components/reviews/score-stars";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ReviewQueueRow } from "@/lib/db/queries/call-reviews";
import { listReviewTags } from "@/lib/db/queries/call-reviews";
import { listCampaignOptions } from "@/lib/db/queries/leads";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { REVIEW_QUEUES, type ReviewListQuery, reviewListQuerySchema } from "@/lib/schemas/review";
import { type Actor, hasRole } from "@/lib/services/organizations/roles";
import { listReviewQueue } from "@/lib/services/reviews/list-review-queue";
import { cn } from "@/lib/utils";
import { ReviewFilters } from "./_components/review-filters";

export const metadata: Metadata = { title: "Call reviews" };

function hrefFor(query: ReviewListQuery, changes: Partial<ReviewListQuery>): string {
  const next = { ...query, ...changes };
  const p = new URLSearchParams();
  if (next.queue !== "to_review") p.set("queue", next.queue);
  if (next.campaignId) p.set("campaign", next.campaignId);
  if (next.tagId) p.set("tag", next.tagId);
  if (next.page > 1) p.set("page", String(next.page));
  const q = p.toString();
  return q ? `/calls/reviews?${q}` : "/calls/reviews";
}

function leadName(row: ReviewQueueRow): string {
  return [row.firstName, row.lastName].filter(Boolean).join(" ") || formatPhone(row.phone);
}

export default async function ReviewsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const one = (k: string) => (typeof sp[k] === "string" ? sp[k] : undefined);
  const query = reviewListQuerySchema.parse({
    queue: one("queue"),
    campaignId: one("campaign"),
    tagId: one("tag"),
    page: one("page"),
  });
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const { list, campaigns, tags } = await withUser(user, async (tx) => ({
    list: await listReviewQueue({ tx, actor, query }),
    campaigns: await listCampaignOptions(tx, { orgId: org.orgId }),
    tags: await listReviewTags(tx, { orgId: org.orgId }),
  }));
  const tagNames = new Map(tags.map((t) => [t.id, t.name]));
  const canReview = hasRole(org.role, "admin");
  return (
    <>
      <Link
        href="/calls"
        className="text-muted-foreground hover:text-foreground mb-3 inline-flex items-center gap-1 text-sm"
      >
        <ArrowLeft className="size-4" /> Calls
      </Link>
      <PageHeader
        title="Call reviews"
        description={
          canReview
            ? "Score answered calls, tag them and flag the ones worth coaching."
            : "How your team's calls were scored. Owners and admins write the reviews."
        }
      />
      <nav aria-label="Review queues" className="mb-4 flex gap-1 overflow-x-auto border-b">
        {REVIEW_QUEUES.map((queue) => (
          <Link
            key={queue}
            href={hrefFor(query, { queue, page: 1 })}
            aria-current={query.queue === queue ? "page" : undefined}
            className={cn(
              "text-muted-foreground hover:text-foreground focus-visible:ring-ring/50 -mb-px shrink-0 border-b-2 border-transparent px-3 py-2 text-sm whitespace-nowrap outline-none focus-visible:ring-[3px] focus-visible:ring-inset",
              query.queue === queue && "border-primary text-foreground font-medium",
            )}
          >
            {REVIEW_QUEUE_LABELS[queue]}
          </Link>
        ))}
      </nav>
      <div className="grid min-w-0 gap-4">
        <ReviewFilters campaigns={campaigns} tags={tags} />
        <Card className="min-w-0 gap-0 py-0">
          {list.total === 0 ? (
            <EmptyState
              icon={<ClipboardCheck />}
              title={query.campaignId || query.tagId ? "No calls match these filters" : "Nothing here"}
              description={
                query.queue === "to_review" && query.tagId
                  ? "Calls still to review have no tags yet; pick another queue to filter by tag."
                  : REVIEW_QUEUE_EMPTY[query.queue]
              }
            />
          ) : (
            <>
              <ul className="divide-y md:hidden">
                {list.rows.map((row) => (
                  <li key={row.callId} data-testid="review-item">
                    <Link
                      href={`/calls/${row.callId}`}
                      className="hover:bg-muted/50 grid gap-1 px-4 py-3 text-sm"
                    >
                      <span className="flex flex-wrap items-center gap-2 font-medium">
                        <span className="truncate">{leadName(row)}</span>
                        {row.score !== null ? <ScoreStars score={row.score} /> : null}
                        {row.flagged ? <Flag className="text-warning size-4" aria-label="Flagged" /> : null}
                      </span>
                      <span className="text-muted-foreground truncate">
                        {row.campaignName} · {formatDuration(row.durationSeconds)}
                      </span>
                      <span className="text-muted-foreground text-xs">
                        <LocalTime value={row.createdAt} />
                        {row.reviewerName ? ` · reviewed by ${row.reviewerName}` : null}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
              <Table className="hidden md:table">
                <TableHeader>
                  <TableRow>
                    <TableHead className="pl-4">Call</TableHead>
                    <TableHead>Lead</TableHead>
                    <TableHead>Campaign</TableHead>
                    <TableHead className="text-right">Length</TableHead>
                    <TableHead>Score</TableHead>
                    <TableHead>Tags</TableHead>
                    <TableHead className="pr-4">Reviewed</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {list.rows.map((row) => (
                    <TableRow key={row.callId} data-testid="review-row">
                      <TableCell className="pl-4 text-sm whitespace-nowrap">
                        <Link href={`/calls/${row.callId}`} className="underline-offset-4 hover:underline">
                          <LocalTime value={row.createdAt} />
                        </Link>
                      </TableCell>
                      <TableCell className="max-w-48 truncate">{leadName(row)}</TableCell>
                      <TableCell className="text-muted-foreground max-w-48 truncate">
                        {row.campaignName}
                      </TableCell>
                      <TableCell className="text-right tabular-nums">
                        {formatDuration(row.durationSeconds)}
                      </TableCell>
                      <TableCell>
                        {row.score !== null ? (
                          <span className="inline-flex items-center gap-2">
                            <ScoreStars score={row.score} />
                            {row.flagged ? (
                              <Flag className="text-warning size-4" aria-label="Flagged" />
                            ) : null}
                          </span>
                        ) : (
                          <span className="text-muted-foreground text-sm">—</span>
                        )}
                      </TableCell>
                      <TableCell className="max-w-56">
                        <span className="flex flex-wrap gap-1">
                          {(row.tagIds ?? []).map((id) => (
                            <Badge key={id} variant="outline" className="max-w-40 truncate">
                              {tagNames.get(id) ?? "deleted tag"}
                            </Badge>
                          ))}
                        </span>
                      </TableCell>
                      <TableCell className="text-muted-foreground pr-4 text-sm">
                        {row.reviewedAt ? (
                          <span className="grid leading-tight">
                            <span className="truncate">{row.reviewerName ?? "Former member"}</span>
                            <LocalTime value={row.reviewedAt} className="text-xs" />
                          </span>
                        ) : (
                          "—"
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <Pager
                page={list.page}
                pageSize={list.pageSize}
                total={list.total}
                capped={list.capped}
                rows={list.rows.length}
                href={(page) => hrefFor(query, { page })}
              />
            </>
          )}
        </Card>
      </div>
    </>
  );
}
