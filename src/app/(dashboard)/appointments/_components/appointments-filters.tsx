"use client";

import Link from "next/link";
import { useCallback } from "react";
import { UrlFilterSelect } from "@/components/app/filter-select";
import { SearchBox } from "@/components/app/search-box";
import { useUrlFilters } from "@/components/app/use-url-filters";
import {
  APPOINTMENT_SOURCE_LABELS,
  APPOINTMENT_STATUS_LABELS,
} from "@/components/appointments/appointment-labels";
import { cn } from "@/lib/utils";

/** Upcoming / Past tabs, a search box and the status, campaign and calendar filters, all in the URL. */
export function AppointmentsFilters({
  campaigns,
  counts,
}: {
  campaigns: { id: string; name: string }[];
  counts: { upcoming: number | null };
}) {
  const { params, hrefWith, setParams } = useUrlFilters();
  const search = useCallback((q: string) => setParams({ q }, { replace: true }), [setParams]);
  const tab = params.get("tab") === "past" ? "past" : "upcoming";
  return (
    <div className="grid gap-3">
      <nav aria-label="Appointments" className="flex gap-1 border-b">
        {(["upcoming", "past"] as const).map((t) => (
          <Link
            key={t}
            href={hrefWith({ tab: t === "upcoming" ? null : t })}
            aria-current={tab === t ? "page" : undefined}
            className={cn(
              "text-muted-foreground hover:text-foreground focus-visible:ring-ring/50 -mb-px border-b-2 border-transparent px-3 py-2 text-sm outline-none focus-visible:ring-[3px]",
              tab === t && "border-primary text-foreground font-medium",
            )}
          >
            {t === "upcoming" ? "Upcoming" : "Past"}
            {t === "upcoming" && counts.upcoming ? (
              <span className="bg-muted text-muted-foreground ml-2 rounded-full px-1.5 py-0.5 text-xs tabular-nums">
                {counts.upcoming.toLocaleString()}
              </span>
            ) : null}
          </Link>
        ))}
      </nav>
      <div className="flex flex-wrap items-center gap-2">
        <SearchBox
          value={params.get("q") ?? undefined}
          onSearch={search}
          placeholder="Name, email, phone or company"
          label="Search appointments"
          className="sm:w-80"
        />
        <UrlFilterSelect
          param="status"
          label="Status"
          allLabel="All statuses"
          options={APPOINTMENT_STATUS_LABELS}
          className="sm:w-40"
        />
        <UrlFilterSelect
          param="campaign"
          label="Campaign"
          allLabel="All campaigns"
          options={campaigns.map((c) => ({ value: c.id, label: c.name }))}
          className="sm:w-52"
        />
        <UrlFilterSelect
          param="source"
          label="Calendar"
          allLabel="All calendars"
          options={APPOINTMENT_SOURCE_LABELS}
          className="sm:w-44"
        />
      </div>
    </div>
  );
}
