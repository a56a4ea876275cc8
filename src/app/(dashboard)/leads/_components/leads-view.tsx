"use client";

import type { RowSelectionState } from "@tanstack/react-table";
import { SearchX } from "lucide-react";
import { useState } from "react";
import { EmptyState } from "@/components/empty-state";
import { plural } from "@/components/leads/lead-labels";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LEAD_COUNT_CAP, type LeadListQuery, type LeadSelection } from "@/lib/schemas/lead";
import { BulkActions } from "./bulk-actions";
import type { CampaignOption, LeadRow } from "./lead-row";
import { LeadsTable } from "./leads-table";
import { LeadsToolbar } from "./leads-toolbar";
import { SelectAllBanner } from "./select-all-banner";
import { leadsHref, useLeadsNavigation } from "./use-leads-navigation";

type Selection = {
  /** The view (URL) the selection was made in; another view starts with nothing selected. */
  key: string;
  rows: RowSelectionState;
  /** Everything matching the filter, not only ticked rows. */
  allMatching: boolean;
  /** The exact match count, once asked for (the table stops counting at the cap). */
  exactCount: number | null;
};

/** The lead table page's client side: toolbar, bulk actions, table and pagination. */
export function LeadsView({
  query,
  rows,
  total,
  capped,
  campaigns,
  timeZones,
  canAdminister,
}: {
  query: LeadListQuery;
  rows: LeadRow[];
  total: number;
  capped: boolean;
  campaigns: CampaignOption[];
  timeZones: string[];
  /** Owners and admins: bulk delete and move of everything matching the filter. */
  canAdminister: boolean;
}) {
  const nav = useLeadsNavigation(query);
  const key = leadsHref(query);
  const empty: Selection = { key, rows: {}, allMatching: false, exactCount: null };
  const [stored, setSelection] = useState<Selection>(empty);
  const selection = stored.key === key ? stored : empty;
  const update = (patch: Partial<Selection>) => setSelection({ ...selection, ...patch });
  const clear = () => setSelection(empty);

  const selectedIds = Object.keys(selection.rows).filter((id) => selection.rows[id]);
  const matching = selection.exactCount ?? (capped ? null : total);
  const bulk: { selection: LeadSelection; count: number | null } | null = selection.allMatching
    ? { selection: { mode: "filter", filter: query.filter }, count: matching }
    : selectedIds.length > 0
      ? { selection: { mode: "ids", ids: selectedIds }, count: selectedIds.length }
      : null;
  const allOnPage = rows.length > 0 && rows.every((r) => selection.rows[r.id]);

  return (
    <div className="grid gap-3">
      <LeadsToolbar
        filter={query.filter}
        campaigns={campaigns}
        timeZones={timeZones}
        onChange={nav.setFilter}
        onClear={nav.clearFilters}
      />
      <Card className="gap-0 overflow-hidden py-0">
        <div className="flex min-h-12 flex-wrap items-center justify-between gap-2 border-b px-4 py-2">
          {bulk ? (
            <BulkActions
              selection={bulk.selection}
              count={bulk.count}
              campaigns={campaigns}
              currentCampaignId={query.filter.campaignId}
              canAdminister={canAdminister}
              onDone={clear}
              onClear={clear}
            />
          ) : (
            <p className="text-muted-foreground text-sm" aria-live="polite">
              {total === 0
                ? "No matching leads"
                : capped
                  ? `${LEAD_COUNT_CAP.toLocaleString("en-US")}+ leads`
                  : plural(total, "lead")}
            </p>
          )}
        </div>
        {allOnPage && (capped || total > rows.length) ? (
          <SelectAllBanner
            pageCount={rows.length}
            total={total}
            capped={capped}
            allMatching={selection.allMatching}
            exactCount={selection.exactCount}
            filter={query.filter}
            onSelectAll={(exactCount) => update({ allMatching: true, exactCount })}
            onClear={clear}
          />
        ) : null}
        {rows.length === 0 ? (
          <EmptyState
            className="m-4 border-none"
            icon={<SearchX />}
            title="No leads match these filters"
            description="Try a shorter search or fewer filters. Search looks at names, companies, emails and phone numbers."
            action={
              <Button variant="outline" onClick={nav.clearFilters}>
                Clear filters
              </Button>
            }
          />
        ) : (
          <LeadsTable
            rows={rows}
            sort={query.sort}
            dir={query.dir}
            page={query.page}
            total={total}
            capped={capped}
            rowSelection={selection.rows}
            onRowSelectionChange={(next) =>
              update({ rows: next, allMatching: selection.allMatching && rows.every((r) => next[r.id]) })
            }
            onSortChange={nav.setSort}
            onPageChange={nav.setPage}
            dimmed={nav.isPending}
          />
        )}
      </Card>
    </div>
  );
}
