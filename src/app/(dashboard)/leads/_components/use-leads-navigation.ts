"use client";

import { useRouter } from "next/navigation";
import { useCallback, useTransition } from "react";
import {
  type LeadFilter,
  type LeadListQuery,
  type LeadSort,
  leadSearchParams,
  type SortDir,
} from "@/lib/schemas/lead";

function withoutEmpty(filter: LeadFilter): LeadFilter {
  return Object.fromEntries(
    Object.entries(filter).filter(
      ([, v]) => v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0),
    ),
  ) as LeadFilter;
}

export function leadsHref(query: LeadListQuery): string {
  const search = leadSearchParams(query).toString();
  return search ? `/leads?${search}` : "/leads";
}

/**
 * The lead table's state lives in the URL (shareable, back-button friendly); this moves it. Every
 * change runs in a transition so the current page stays on screen, dimmed, until the next arrives.
 */
export function useLeadsNavigation(query: LeadListQuery) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();

  const go = useCallback(
    (next: LeadListQuery, { replace = false }: { replace?: boolean } = {}) => {
      const href = leadsHref(next);
      startTransition(() => {
        if (replace) router.replace(href, { scroll: false });
        else router.push(href, { scroll: false });
      });
    },
    [router],
  );

  return {
    isPending,
    setFilter: (patch: Partial<LeadFilter>, options?: { replace?: boolean }) =>
      go({ ...query, filter: withoutEmpty({ ...query.filter, ...patch }), page: 1 }, options),
    clearFilters: () => go({ ...query, filter: {}, page: 1 }),
    setSort: (sort: LeadSort, dir: SortDir) => go({ ...query, sort, dir, page: 1 }),
    setPage: (page: number) => go({ ...query, page }),
    refresh: () => startTransition(() => router.refresh()),
  };
}
