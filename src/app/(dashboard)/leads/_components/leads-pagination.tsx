"use client";

import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight, Loader2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { LEAD_COUNT_CAP } from "@/lib/schemas/lead";

const n = (value: number) => value.toLocaleString("en-US");

/** Page controls under the lead table; past the count cap the last page is unknown. */
export function LeadsPagination({
  page,
  pageCount,
  firstRow,
  lastRow,
  total,
  capped,
  canPrevious,
  canNext,
  onFirst,
  onPrevious,
  onNext,
  onLast,
  pending,
}: {
  page: number;
  pageCount: number | null;
  firstRow: number;
  lastRow: number;
  total: number;
  capped: boolean;
  canPrevious: boolean;
  canNext: boolean;
  onFirst: () => void;
  onPrevious: () => void;
  onNext: () => void;
  onLast?: () => void;
  pending: boolean;
}) {
  const of = capped ? `${n(LEAD_COUNT_CAP)}+` : n(total);
  return (
    <nav
      aria-label="Pages"
      className="text-muted-foreground flex flex-wrap items-center justify-between gap-2 border-t px-4 py-2 text-sm"
    >
      <p className="tabular-nums">
        {n(firstRow)}–{n(lastRow)} of {of}
      </p>
      <div className="flex items-center gap-1">
        {pending ? <Loader2 className="mr-1 size-4 animate-spin" aria-label="Loading" /> : null}
        <span className="mr-2 tabular-nums">
          Page {n(page)}
          {pageCount ? ` of ${n(pageCount)}` : ""}
        </span>
        <Button
          variant="outline"
          size="icon"
          className="size-8"
          onClick={onFirst}
          disabled={!canPrevious}
          aria-label="First page"
        >
          <ChevronsLeft />
        </Button>
        <Button
          variant="outline"
          size="icon"
          className="size-8"
          onClick={onPrevious}
          disabled={!canPrevious}
          aria-label="Previous page"
        >
          <ChevronLeft />
        </Button>
        <Button
          variant="outline"
          size="icon"
          className="size-8"
          onClick={onNext}
          disabled={!canNext}
          aria-label="Next page"
        >
          <ChevronRight />
        </Button>
        <Button
          variant="outline"
          size="icon"
          className="size-8"
          onClick={onLast}
          disabled={!onLast || page === pageCount}
          aria-label="Last page"
        >
          <ChevronsRight />
        </Button>
      </div>
    </nav>
  );
}
