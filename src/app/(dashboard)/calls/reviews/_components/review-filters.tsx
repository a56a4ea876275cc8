"use client";

import { UrlFilterSelect } from "@/components/app/filter-select";

/** Campaign and tag, in the URL so a view can be shared. */
export function ReviewFilters({
  campaigns,
  tags,
}: {
  campaigns: { id: string; name: string }[];
  tags: { id: string; name: string }[];
}) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <UrlFilterSelect
        param="campaign"
        label="Campaign"
        allLabel="All campaigns"
        options={campaigns.map((c) => ({ value: c.id, label: c.name }))}
        className="sm:w-56"
      />
      {tags.length > 0 ? (
        <UrlFilterSelect
          param="tag"
          label="Tag"
          allLabel="Any tag"
          options={tags.map((t) => ({ value: t.id, label: t.name }))}
          className="sm:w-48"
        />
      ) : null}
    </div>
  );
}
