/**
 * Pure timestamp formatting for a given IANA zone. The app's copy is English, so the locale is
 * fixed: server and browser then produce the same text for the same zone, which keeps hydration clean.
 */
const LOCALE = "en-US";

export type TimeFormat = "datetime" | "day-time" | "date" | "short" | "time" | "weekday-time";

const OPTIONS: Record<Exclude<TimeFormat, "short">, Intl.DateTimeFormatOptions> = {
  datetime: { month: "short", day: "numeric", year: "numeric", hour: "numeric", minute: "2-digit" },
  "day-time": { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" },
  date: { month: "short", day: "numeric", year: "numeric" },
  time: { hour: "numeric", minute: "2-digit" },
  "weekday-time": { weekday: "short", hour: "numeric", minute: "2-digit" },
};

// Intl.DateTimeFormat is costly to build and tables render hundreds of cells.
const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, { ...options, timeZone });
    cache.set(key, f);
  }
  return f;
}

function part(
  date: Date,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
  type: Intl.DateTimeFormatPartTypes,
) {
  return formatter(timeZone, options)
    .formatToParts(date)
    .find((p) => p.type === type)?.value;
}

/** The zone's calendar day of `date` as a day number (days since 1970-01-01 on that wall clock). */
function zoneDay(date: Date, timeZone: string): number {
  const [y, m, d] = ["year", "month", "day"].map((type) =>
    Number(
      part(
        date,
        timeZone,
        { year: "numeric", month: "numeric", day: "numeric" },
        type as Intl.DateTimeFormatPartTypes,
      ),
    ),
  );
  return Math.round(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / 86_400_000);
}

/**
 * "today 3:33 PM", "tomorrow 9:00 AM", "yesterday 5:10 PM", "Mon 3:33 PM" within the coming week,
 * "Dec 14, 3:33 PM" beyond it: a weekday alone on that very weekday reads as a week away.
 */
function formatWeekdayTime(date: Date, timeZone: string, now: Date): string {
  const days = zoneDay(date, timeZone) - zoneDay(now, timeZone);
  const time = formatter(timeZone, OPTIONS.time).format(date);
  if (days === 0) return `today ${time}`;
  if (days === 1) return `tomorrow ${time}`;
  if (days === -1) return `yesterday ${time}`;
  if (days > 1 && days < 7) return formatter(timeZone, OPTIONS["weekday-time"]).format(date);
  return formatter(timeZone, OPTIONS["day-time"]).format(date);
}

/**
 * `date` as seen in `timeZone`: "Dec 3, 2026, 2:05 PM", "Dec 3, 2:05 PM", "Thu 2:05 PM", "2:05 PM",
 * "Dec 3". With `now`, "weekday-time" names the day relative to it ("today 2:05 PM").
 */
export function formatInZone(date: Date, timeZone: string, format: TimeFormat, now?: Date): string {
  if (format === "weekday-time" && now) return formatWeekdayTime(date, timeZone, now);
  now ??= new Date();
  if (format === "short") {
    // The year only when it isn't this one in that zone: "Mar 3" vs "Mar 3, 2024".
    const year = part(date, timeZone, { year: "numeric" }, "year");
    const sameYear = year === part(now, timeZone, { year: "numeric" }, "year");
    return formatter(timeZone, {
      month: "short",
      day: "numeric",
      year: sameYear ? undefined : "numeric",
    }).format(date);
  }
  return formatter(timeZone, OPTIONS[format]).format(date);
}

/** The zone's UTC offset at that instant: "GMT+01:00"; "GMT" for UTC itself. */
export function zoneOffset(date: Date, timeZone: string): string {
  return part(date, timeZone, { timeZoneName: "longOffset" }, "timeZoneName") ?? timeZone;
}

/** Whether two zones show the same wall-clock time at that instant (then one label is enough). */
export function sameWallClock(date: Date, a: string, b: string): boolean {
  return a === b || zoneOffset(date, a) === zoneOffset(date, b);
}

/** For a tooltip: "Thursday, December 3, 2026 at 2:05:00 PM CET (Europe/Berlin)". */
export function formatFull(date: Date, timeZone: string): string {
  return `${formatter(timeZone, { dateStyle: "full", timeStyle: "long" }).format(date)} (${timeZone})`;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];
const relativeFormat = new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto" });

/** "in 3 hours", "5 minutes ago", "yesterday", "just now": the largest unit that fits. */
export function formatRelative(date: Date, now: Date): string {
  const seconds = (date.getTime() - now.getTime()) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return Math.abs(seconds) < 45 ? "just now" : relativeFormat.format(Math.round(seconds / 60), "minute");
}
