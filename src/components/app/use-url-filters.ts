"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";

export type UrlChanges = Record<string, string | null | undefined>;

/**
 * A list's filters kept in its URL (shareable, back-button friendly). `hrefWith` is the current
 * URL with some parameters set or (null, undefined, "") removed, and always back on page one;
 * `setParams` goes there, adding a history entry unless told to replace (search as you type).
 */
export function useUrlFilters() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const hrefWith = useCallback(
    (changes: UrlChanges) => {
      const next = new URLSearchParams(params);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === undefined || value === "") next.delete(key);
        else next.set(key, value);
      }
      next.delete("page");
      const query = next.toString();
      return query ? `${pathname}?${query}` : pathname;
    },
    [params, pathname],
  );
  const setParams = useCallback(
    (changes: UrlChanges, { replace = false }: { replace?: boolean } = {}) => {
      const href = hrefWith(changes);
      if (replace) router.replace(href);
      else router.push(href);
    },
    [router, hrefWith],
  );
  return { params, hrefWith, setParams };
}
