"use client";

import { useState } from "react";
import { FilterSelect } from "@/components/app/filter-select";
import { useUrlFilters } from "@/components/app/use-url-filters";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { ReportPeriod } from "@/lib/reports/periods";
import { cn } from "@/lib/utils";

const PERIODS: { value: ReportPeriod; label: string }[] = [
  { value: "today", label: "Today" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
  { value: "custom", label: "Custom" },
];

/**
 * The report's period and (on the dashboard) campaign, kept in the URL: `period`, `from`, `to`,
 * `campaign`. Custom dates are whole days in the viewer's zone.
 */
export function ReportToolbar({
  period,
  from,
  to,
  campaignId,
  campaigns,
  today,
}: {
  period: ReportPeriod;
  from?: string;
  to?: string;
  campaignId?: string;
  /** Offered on the dashboard only. */
  campaigns?: { value: string; label: string }[];
  /** The viewer's today (YYYY-MM-DD): the last day a custom range may end on. */
  today: string;
}) {
  const { setParams } = useUrlFilters();
  const [custom, setCustom] = useState(period === "custom");
  const [range, setRange] = useState({ from: from ?? today, to: to ?? today });
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="report-toolbar">
      <fieldset
        aria-label="Period"
        className="bg-muted m-0 inline-flex h-9 min-w-0 items-center rounded-lg border-0 p-[3px]"
      >
        {PERIODS.map((p) => {
          const active = p.value === "custom" ? custom : !custom && period === p.value;
          return (
            <button
              key={p.value}
              type="button"
              aria-pressed={active}
              onClick={() => {
                if (p.value === "custom") setCustom(true);
                else {
                  setCustom(false);
                  setParams({ period: p.value === "7d" ? null : p.value, from: null, to: null });
                }
              }}
              className={cn(
                "focus-visible:ring-ring/50 h-full rounded-md px-2.5 text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-[3px]",
                active ? "bg-background text-foreground shadow-sm dark:bg-input/30" : "text-muted-foreground",
              )}
            >
              {p.label}
            </button>
          );
        })}
      </fieldset>
      {custom ? (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            setParams({ period: "custom", from: range.from, to: range.to });
          }}
        >
          <Input
            type="date"
            aria-label="From"
            className="h-9 w-auto"
            max={today}
            value={range.from}
            onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))}
            required
          />
          <span className="text-muted-foreground text-sm">to</span>
          <Input
            type="date"
            aria-label="To"
            className="h-9 w-auto"
            max={today}
            value={range.to}
            onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))}
            required
          />
          <Button type="submit" size="sm" variant="outline">
            Apply
          </Button>
        </form>
      ) : null}
      {campaigns ? (
        <FilterSelect
          value={campaignId}
          onChange={(v) => setParams({ campaign: v })}
          options={campaigns}
          allLabel="All campaigns"
          label="Campaign"
          className="w-full sm:w-56"
        />
      ) : null}
    </div>
  );
}
