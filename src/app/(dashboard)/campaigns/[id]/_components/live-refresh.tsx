"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useTransition } from "react";

/**
 * Re-renders the page on the server every `intervalMs` while it is visible, so every figure on it
 * (progress, who is in a call now, the latest calls) comes from one fresh snapshot rather than one
 * card polling on its own and disagreeing with the rest. A refresh still in flight is not
 * stacked with another; a hidden tab does not poll.
 */
export function LiveRefresh({ intervalMs }: { intervalMs: number }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const pendingRef = useRef(pending);
  pendingRef.current = pending;
  useEffect(() => {
    const timer = setInterval(() => {
      if (pendingRef.current || document.visibilityState === "hidden") return;
      startTransition(() => router.refresh());
    }, intervalMs);
    return () => clearInterval(timer);
  }, [router, intervalMs]);
  return null;
}
