"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { VIEWER_ZONE_COOKIE } from "./viewer-zone-cookie";

/**
 * Tells the server the browser's time zone (a cookie), so "today" and "this week" are the
 * viewer's days; refreshes once when the server counted in another zone.
 */
export function ViewerZone({ used }: { used: string }) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie; the Cookie Store API is not everywhere yet.
    document.cookie = `${VIEWER_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
    if (zone !== used) router.refresh();
  }, [used, router]);
  return null;
}
