import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";

function href(page: number, search: string): string {
  const params = new URLSearchParams();
  if (search) params.set("q", search);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/leads/do-not-call?${query}` : "/leads/do-not-call";
}

export function DncPagination({
  page,
  pageCount,
  pageSize,
  total,
  search,
}: {
  page: number;
  pageCount: number;
  pageSize: number;
  total: number;
  search: string;
}) {
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(page * pageSize, total);
  return (
    <div className="flex items-center justify-between gap-3 border-t px-4 py-2.5">
      <p className="text-muted-foreground text-sm tabular-nums">
        {from.toLocaleString()}–{to.toLocaleString()} of {total.toLocaleString()}
      </p>
      <div className="flex items-center gap-2">
        <span className="text-muted-foreground text-sm tabular-nums">
          Page {page} of {pageCount}
        </span>
        {page > 1 ? (
          <Button asChild variant="outline" size="icon" className="size-8">
            <Link href={href(page - 1, search)} aria-label="Previous page">
              <ChevronLeft />
            </Link>
          </Button>
        ) : (
          <Button variant="outline" size="icon" className="size-8" disabled aria-label="Previous page">
            <ChevronLeft />
          </Button>
        )}
        {page < pageCount ? (
          <Button asChild variant="outline" size="icon" className="size-8">
            <Link href={href(page + 1, search)} aria-label="Next page">
              <ChevronRight />
            </Link>
          </Button>
        ) : (
          <Button variant="outline" size="icon" className="size-8" disabled aria-label="Next page">
            <ChevronRight />
          </Button>
        )}
      </div>
    </div>
  );
}
