"use client";

import { useCallback } from "react";
import { UrlFilterSelect } from "@/components/app/filter-select";
import { SearchBox } from "@/components/app/search-box";
import { useUrlFilters } from "@/components/app/use-url-filters";
import { EMAIL_KIND_LABELS, EMAIL_STATUS_LABELS } from "@/components/outbox/email-labels";

/** Status, kind and a search of address and subject, all in the URL so a view can be shared. */
export function OutboxFilters() {
  const { params, setParams } = useUrlFilters();
  const search = useCallback((q: string) => setParams({ q }, { replace: true }), [setParams]);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <SearchBox
        value={params.get("q") ?? undefined}
        onSearch={search}
        placeholder="Search address or subject…"
        label="Search emails"
      />
      <UrlFilterSelect
        param="status"
        label="Status"
        allLabel="All statuses"
        options={EMAIL_STATUS_LABELS}
        className="sm:w-48"
      />
      <UrlFilterSelect
        param="kind"
        label="Kind"
        allLabel="All kinds"
        options={EMAIL_KIND_LABELS}
        className="sm:w-40"
      />
    </div>
  );
}
