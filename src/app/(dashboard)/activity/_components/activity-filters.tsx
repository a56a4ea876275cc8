"use client";

import { UrlFilterSelect } from "@/components/app/filter-select";

/** Kind and person, in the URL so a view can be shared. */
export function ActivityFilters({
  kinds,
  people,
}: {
  kinds: { value: string; label: string }[];
  people: { value: string; label: string }[];
}) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <UrlFilterSelect param="kind" label="Kind" allLabel="Everything" options={kinds} className="sm:w-48" />
      <UrlFilterSelect
        param="person"
        label="Person"
        allLabel="Everyone"
        options={people}
        className="sm:w-56"
      />
    </div>
  );
}
