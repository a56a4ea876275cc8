import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { formatCount, pagePosition } from "@/lib/schemas/list";

/**
 * The footer of a paged table: "26–50 of 1,204", the page number, and previous/next links
 * (disabled at the ends). `href(page)` builds the URL that keeps the list's filters. A count that
 * stopped at the cap (`capped`) reads "of 10,000+" with no last page: the next link stays while
 * the page is full (`rows`, the rows shown).
 */
export function Pager({
  page,
  pageSize,
  total,
  capped = false,
  rows,
  href,
}: {
  page: number;
  pageSize: number;
  total: number;
  capped?: boolean;
  rows: number;
  href: (page: number) => string;
}) {
  const { from, to, pageCount, hasNext } = pagePosition({ page, pageSize, total, capped, rows });
  return (
    <div className="flex items-center justify-between gap-3 border-t px-4 py-2.5">
      <p className="text-muted-foreground text-sm tabular-nums">
        {to < from ? "Past the last row" : `${from.toLocaleString()}–${to.toLocaleString()}`} of{" "}
        {formatCount(total, capped)}
      </p>
      <div className="flex items-center gap-2">
        <span className="text-muted-foreground text-sm tabular-nums">
          Page {page.toLocaleString()}
          {pageCount === null ? "" : ` of ${pageCount.toLocaleString()}`}
        </span>
        <PageButton href={page > 1 ? href(page - 1) : null} label="Previous page">
          <ChevronLeft />
        </PageButton>
        <PageButton href={hasNext ? href(page + 1) : null} label="Next page">
          <ChevronRight />
        </PageButton>
      </div>
    </div>
  );
}

function PageButton({
  href,
  label,
  children,
}: {
  href: string | null;
  label: string;
  children: React.ReactNode;
}) {
  return href ? (
    <Button asChild variant="outline" size="icon" className="size-8">
      <Link href={href} aria-label={label}>
        {children}
      </Link>
    </Button>
  ) : (
    <Button variant="outline" size="icon" className="size-8" disabled aria-label={label}>
      {children}
    </Button>
  );
}
