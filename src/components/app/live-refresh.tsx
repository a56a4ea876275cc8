"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useTransition } from "react";

/**
 * Keeps a server-rendered page current while it is on screen. Every `everyMs` it asks
 * `/api/live` for the organization's change marker (one indexed statement) and re-renders the
 * page from the server (`router.refresh()`, which keeps scroll, focus and the URL) only when the
 * marker differs from the one the page was rendered with. It stops while the tab is hidden and
 * asks at once when the tab is shown or the window gets focus again; a request in flight when the
 * tab hides, or when the page goes away, is aborted. Works the same in every run mode
 * (docs/decisions/0015-calls-log-live.md: polling rather than Supabase Realtime).
 *
 * Render it with the marker read before the page's data (`getChangeMarker`): a change that lands
 * between the two is then seen on the first poll rather than missed.
 */
export function LiveRefresh({
  marker,
  campaignId,
  everyMs = 5_000,
  maxAgeMs,
}: {
  /** The marker the page's data was read with. */
  marker: string;
  /** A campaign page's campaign: its calls only. */
  campaignId?: string;
  everyMs?: number;
  /**
   * Re-render at least this often even when nothing changed: for figures that move with the
   * clock alone (who is inside their calling hours now). The marker stays the one cheap check.
   */
  maxAgeMs?: number;
}) {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  // The newest marker known: the page's, or a polled one a refresh is already bringing in.
  const known = useRef(marker);
  const busy = useRef(refreshing);
  busy.current = refreshing;
  // When the page's data was last rendered (a refresh re-renders with a new `marker` prop).
  const renderedAt = useRef(0);
  useEffect(() => {
    known.current = marker;
    renderedAt.current = Date.now();
  }, [marker]);

  useEffect(() => {
    const url = campaignId ? `/api/live?campaign=${encodeURIComponent(campaignId)}` : "/api/live";
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight: AbortController | undefined;
    let stopped = false;

    async function poll() {
      timer = undefined;
      if (stopped || document.visibilityState !== "visible" || inFlight) return;
      if (!busy.current) {
        const controller = new AbortController();
        inFlight = controller;
        try {
          const res = await fetch(url, { cache: "no-store", signal: controller.signal });
          // Signed out or moved to no organization: the next navigation says so; stop asking.
          if (res.status === 401 || res.status === 403) stopped = true;
          else if (res.ok) {
            const body = (await res.json()) as { marker?: unknown };
            const stale = maxAgeMs !== undefined && Date.now() - renderedAt.current >= maxAgeMs;
            if (typeof body.marker === "string" && (body.marker !== known.current || stale)) {
              known.current = body.marker;
              renderedAt.current = Date.now();
              startRefresh(() => router.refresh());
            }
          }
        } catch {
          // Aborted (hidden, left) or offline: the next poll tries again.
        } finally {
          if (inFlight === controller) inFlight = undefined;
        }
      }
      schedule();
    }

    function schedule() {
      if (stopped || timer || document.visibilityState !== "visible") return;
      timer = setTimeout(poll, everyMs);
    }

    function stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      inFlight?.abort();
      inFlight = undefined;
    }

    function onVisibility() {
      if (document.visibilityState === "visible") {
        stop();
        void poll();
      } else stop();
    }

    function onFocus() {
      if (document.visibilityState !== "visible" || inFlight) return;
      stop();
      void poll();
    }

    schedule();
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("focus", onFocus);
    return () => {
      stopped = true;
      stop();
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("focus", onFocus);
    };
  }, [campaignId, everyMs, maxAgeMs, router]);

  return null;
}
