"use client";

import { UrlFilterSelect } from "@/components/app/filter-select";
import { CALL_RESULT_LABELS } from "@/components/campaigns/call-labels";

/** Campaign and result, in the URL so a view can be shared. */
export function CallsFilters({ campaigns }: { campaigns: { id: string; name: string }[] }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <UrlFilterSelect
        param="campaign"
        label="Campaign"
        allLabel="All campaigns"
        options={campaigns.map((c) => ({ value: c.id, label: c.name }))}
        className="sm:w-56"
      />
      <UrlFilterSelect
        param="result"
        label="Result"
        allLabel="All results"
        options={CALL_RESULT_LABELS}
        className="sm:w-40"
      />
    </div>
  );
}
