import { midnightsWithin } from "./periods";

/*
 * Which part of a time range the rollups answer and which part the raw rows must: a rollup bucket
 * counts only when it lies wholly inside the range and, for per-day figures, inside one of the
 * viewer's days. Zones a half or quarter hour off UTC put a midnight inside an hour: that hour is
 * read raw. The raw parts are at most a few hours (hourly) or two partial days (daily).
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export type Window = readonly [Date, Date];

export type HourPlan = {
  /** Whole hours [hourStart, hourEnd) from the rollup, except `skip`. */
  hourStart: Date;
  hourEnd: Date;
  skip: Date[];
  /** Instants [s, e) read from the raw rows. */
  raw: Window[];
};

export type DayPlan = {
  /** Whole UTC days [dayStart, dayEnd) (YYYY-MM-DD) from the rollup. */
  dayStart: string;
  dayEnd: string;
  raw: Window[];
};

const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;
const ceilTo = (ms: number, unit: number) => Math.ceil(ms / unit) * unit;

function merge(windows: Window[]): Window[] {
  const sorted = windows.filter(([s, e]) => s < e).sort((a, b) => a[0].getTime() - b[0].getTime());
  const out: [Date, Date][] = [];
  for (const [s, e] of sorted) {
    const last = out.at(-1);
    if (last && s <= last[1]) {
      if (e > last[1]) last[1] = e;
    } else out.push([s, e]);
  }
  return out;
}

function plan(start: Date, end: Date, unit: number): { from: number; to: number; raw: Window[] } {
  const from = ceilTo(start.getTime(), unit);
  const to = floorTo(end.getTime(), unit);
  if (from >= to) return { from, to: from, raw: merge([[start, end]]) };
  return { from, to, raw: [[start, new Date(from)] as const, [new Date(to), end] as const] };
}

/** Splits [start, end) for the hourly rollup; with `zone`, days are that zone's (per-day figures). */
export function planHours(start: Date, end: Date, zone?: string): HourPlan {
  const p = plan(start, end, HOUR_MS);
  const skip: Date[] = [];
  const raw = [...p.raw];
  if (zone && p.from < p.to) {
    for (const m of midnightsWithin(start, end, zone)) {
      const hour = floorTo(m.getTime(), HOUR_MS);
      if (hour === m.getTime() || hour < p.from || hour >= p.to) continue;
      if (!skip.some((s) => s.getTime() === hour)) skip.push(new Date(hour));
      raw.push([new Date(hour), new Date(hour + HOUR_MS)]);
    }
  }
  return { hourStart: new Date(p.from), hourEnd: new Date(p.to), skip, raw: merge(raw) };
}

/** Splits [start, end) for the daily (UTC) rollups. */
export function planDays(start: Date, end: Date): DayPlan {
  const p = plan(start, end, DAY_MS);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { dayStart: day(p.from), dayEnd: day(p.to), raw: merge(p.raw) };
}
