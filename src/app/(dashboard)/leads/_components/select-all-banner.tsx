"use client";

import { Loader2 } from "lucide-react";
import { useAction } from "next-safe-action/hooks";
import { toast } from "sonner";
import { countMatchingLeadsAction } from "@/actions/lead-actions";
import { plural } from "@/components/leads/lead-labels";
import { Button } from "@/components/ui/button";
import type { LeadFilter } from "@/lib/schemas/lead";

/**
 * Gmail-style: once the whole page is ticked, offer every lead that matches the filter. Past the
 * count cap the exact number is counted on request, so the confirmation can name it.
 */
export function SelectAllBanner({
  pageCount,
  total,
  capped,
  allMatching,
  exactCount,
  filter,
  onSelectAll,
  onClear,
}: {
  pageCount: number;
  total: number;
  capped: boolean;
  allMatching: boolean;
  exactCount: number | null;
  filter: LeadFilter;
  onSelectAll: (exactCount: number | null) => void;
  onClear: () => void;
}) {
  const count = useAction(countMatchingLeadsAction, {
    onSuccess: ({ data }) => onSelectAll(data?.count ?? null),
    onError: ({ error }) => toast.error(error.serverError ?? "Could not count the matching leads."),
  });
  const matching = exactCount ?? (capped ? null : total);
  return (
    <div className="bg-muted/50 flex flex-wrap items-center justify-center gap-x-2 gap-y-1 border-b px-4 py-2 text-sm">
      {allMatching ? (
        <>
          <span>
            {matching === null
              ? "All matching leads are selected."
              : `All ${plural(matching, "matching lead")} are selected.`}
          </span>
          <Button
            variant="link"
            size="sm"
            className="h-auto p-0 font-medium underline underline-offset-4"
            onClick={onClear}
          >
            Clear selection
          </Button>
        </>
      ) : (
        <>
          <span>All {plural(pageCount, "lead")} on this page are selected.</span>
          <Button
            variant="link"
            size="sm"
            className="h-auto p-0 font-medium underline underline-offset-4"
            disabled={count.isPending}
            onClick={() => (capped ? count.execute({ filter }) : onSelectAll(total))}
          >
            {count.isPending ? <Loader2 className="animate-spin" /> : null}
            {capped ? "Select all matching leads" : `Select all ${plural(total, "matching lead")}`}
          </Button>
        </>
      )}
    </div>
  );
}
