"use client";

import { useEffect, useState } from "react";
import { formatFull, formatInZone, formatRelative, sameWallClock, type TimeFormat } from "@/lib/format-time";
import { zoneCity } from "./leads/lead-labels";

/** The browser's zone, or null before mount: the server can't know it, so it renders UTC first. */
function useViewerZone(): string | null {
  const [zone, setZone] = useState<string | null>(null);
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  return zone;
}

/** The current time, ticking every `everyMs` after mount; null on the server and during hydration. */
function useNow(everyMs: number | null): Date | null {
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    if (everyMs === null) return;
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

const toDate = (value: string | Date) => (typeof value === "string" ? new Date(value) : value);

/**
 * A timestamp in the viewer's time zone, with the full time and zone name in the tooltip. The
 * server renders it in UTC, labelled so; the browser switches to its own zone after mount.
 * `relative` adds "in 3 hours" (or shows only that, with `relative="only"`).
 */
export function LocalTime({
  value,
  format = "datetime",
  relative,
  className,
}: {
  value: string | Date;
  format?: TimeFormat;
  relative?: boolean | "only";
  className?: string;
}) {
  const date = toDate(value);
  const viewer = useViewerZone();
  // A weekday needs today's date to read "today"/"tomorrow"; the first render says the weekday.
  const now = useNow(relative || format === "weekday-time" ? 30_000 : null);
  const zone = viewer ?? "UTC";
  const absolute = `${formatInZone(date, zone, format, now ?? undefined)}${viewer ? "" : " UTC"}`;
  const ago = relative && now ? formatRelative(date, now) : null;
  const text = relative === "only" ? (ago ?? absolute) : ago ? `${absolute} (${ago})` : absolute;
  return (
    <time dateTime={date.toISOString()} title={formatFull(date, zone)} className={className}>
      {text}
    </time>
  );
}

/**
 * The same instant on the lead's wall clock: "7:05 AM lead's time (Phoenix)". Hidden once the browser
 * knows it shares the lead's offset, where it would only repeat the viewer's time.
 */
export function LeadTime({
  value,
  timeZone,
  format = "time",
  className,
}: {
  value: string | Date;
  timeZone: string;
  format?: TimeFormat;
  className?: string;
}) {
  const date = toDate(value);
  const viewer = useViewerZone();
  if (viewer && sameWallClock(date, viewer, timeZone)) return null;
  return (
    <time dateTime={date.toISOString()} title={formatFull(date, timeZone)} className={className}>
      {formatInZone(date, timeZone, format)} lead's time ({zoneCity(timeZone)})
    </time>
  );
}
