import { z } from "zod";
import { localTime } from "@/lib/dialer/calling-window";

/*
 * The dashboard's periods, in the viewer's zone: today, the last 7 or 30 days (today included),
 * or a custom run of whole days. A period ends at `now` when it reaches it (figures so far), and
 * its previous period is the same length of time right before it, so a change compares like with
 * like: today until 10:00 against yesterday's last 10 hours would not be; the same length is.
 */

export const REPORT_PERIODS = ["today", "7d", "30d", "custom"] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

const DAY_MS = 86_400_000;
const isoDate = z.iso.date();

/** The URL's report parameters: `period`, `from`/`to` (YYYY-MM-DD, custom only), `campaign`. */
export const reportQuerySchema = z
  .object({
    period: z.enum(REPORT_PERIODS).catch("7d"),
    from: isoDate.optional().catch(undefined),
    to: isoDate.optional().catch(undefined),
    campaignId: z.uuid().optional().catch(undefined),
  })
  .transform((q) =>
    q.period === "custom" && (!q.from || !q.to)
      ? { ...q, period: "7d" as const, from: undefined, to: undefined }
      : q,
  );
export type ReportQuery = z.infer<typeof reportQuerySchema>;

export type ResolvedPeriod = {
  start: Date;
  end: Date;
  prevStart: Date;
  prevEnd: Date;
  /** The local dates the period covers, first to last. */
  days: string[];
};

/** The date (YYYY-MM-DD) in `zone` at instant `at`. */
export function localDate(at: Date, zone: string): string {
  return new Date(localTime(at.getTime(), zone).wallMs).toISOString().slice(0, 10);
}

export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The first instant of local date `date` in `zone` (after a gap at midnight: when the day starts). */
export function zonedMidnight(date: string, zone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const local = localTime(guess, zone);
    guess = wall - local.offsetMinutes * 60_000;
  }
  // A midnight that does not exist (a gap) lands an hour late or early; step to the day's first hour.
  while (localDate(new Date(guess), zone) < date) guess += 3_600_000;
  while (localDate(new Date(guess - 3_600_000), zone) === date) guess -= 3_600_000;
  return new Date(guess);
}

/** The instants of every local midnight strictly inside (start, end). */
export function midnightsWithin(start: Date, end: Date, zone: string): Date[] {
  const out: Date[] = [];
  for (let d = addDays(localDate(start, zone), 1); ; d = addDays(d, 1)) {
    const m = zonedMidnight(d, zone);
    if (m >= end) return out;
    if (m > start) out.push(m);
  }
}

/** Turns the URL's choice into instants; custom dates out of order are swapped, the future is cut at `now`. */
export function resolvePeriod(query: ReportQuery, now: Date, zone: string): ResolvedPeriod {
  const today = localDate(now, zone);
  let first = today;
  let last = today;
  if (query.period === "7d") first = addDays(today, -6);
  else if (query.period === "30d") first = addDays(today, -29);
  else if (query.period === "custom" && query.from && query.to) {
    [first, last] = query.from <= query.to ? [query.from, query.to] : [query.to, query.from];
    if (last > today) last = today;
    if (first > last) first = last;
  }
  const start = zonedMidnight(first, zone);
  const dayAfter = zonedMidnight(addDays(last, 1), zone);
  const end = dayAfter < now ? dayAfter : now > start ? now : start;
  const length = end.getTime() - start.getTime();
  const days: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  return { start, end, prevStart: new Date(start.getTime() - length), prevEnd: start, days };
}
