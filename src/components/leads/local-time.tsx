"use client";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

function relative(date: Date): string {
  const seconds = (date.getTime() - Date.now()) / 1000;
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return Math.abs(seconds) < 45 ? "just now" : format.format(Math.round(seconds / 60), "minute");
}

const FORMATS = {
  date: { dateStyle: "medium" },
  datetime: { dateStyle: "medium", timeStyle: "short" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/**
 * A timestamp in the viewer's own locale and time zone. The server renders it in its zone first,
 * so the text may change once in the browser; that's expected, hence suppressHydrationWarning.
 */
export function LocalTime({
  value,
  format = "datetime",
  className,
}: {
  value: string | Date;
  format?: "date" | "short" | "datetime" | "relative";
  className?: string;
}) {
  const date = typeof value === "string" ? new Date(value) : value;
  const full = date.toLocaleString(undefined, FORMATS.datetime);
  const text =
    format === "relative"
      ? relative(date)
      : format === "short"
        ? date.toLocaleDateString(undefined, {
            month: "short",
            day: "numeric",
            // The year only when it isn't this one: "Mar 3" vs "Mar 3, 2024".
            year: date.getFullYear() === new Date().getFullYear() ? undefined : "numeric",
          })
        : date.toLocaleString(undefined, FORMATS[format]);
  return (
    <time dateTime={date.toISOString()} title={full} className={className} suppressHydrationWarning>
      {text}
    </time>
  );
}
