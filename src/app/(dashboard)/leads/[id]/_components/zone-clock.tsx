"use client";

import { useEffect, useState } from "react";

/** The time it is now where the lead is, so nobody has to do time-zone arithmetic in their head. */
export function ZoneClock({ timezone }: { timezone: string }) {
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!now) return <span className="text-muted-foreground">…</span>;
  const text = now.toLocaleTimeString(undefined, {
    timeZone: timezone,
    hour: "numeric",
    minute: "2-digit",
    weekday: "short",
  });
  return <span className="tabular-nums">{text}</span>;
}
