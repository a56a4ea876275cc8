import { localTime } from "@/lib/dialer/calling-window";

/** Organization business hours: ISO weekdays (1 = Monday .. 7 = Sunday), minutes after local midnight. */
export type BusinessHours = { days: number[]; startMinute: number; endMinute: number };

const MINUTE_MS = 60_000;
const DAY_MS = 1440 * MINUTE_MS;

/**
 * The instant whose wall clock in `zone` is `wallMs` (a wall time written as if it were UTC), or
 * null when that wall time does not exist (the hour skipped when clocks go forward). On the
 * night clocks go back a wall time occurs twice: the earlier instant wins.
 */
export function wallToInstant(zone: string, wallMs: number): number | null {
  const offsets = new Set<number>();
  for (const probe of [wallMs - 14 * 3_600_000, wallMs, wallMs + 14 * 3_600_000]) {
    offsets.add(localTime(probe, zone).offsetMinutes);
  }
  let best: number | null = null;
  for (const o of offsets) {
    const u = wallMs - o * MINUTE_MS;
    if (localTime(u, zone).wallMs === wallMs && (best === null || u < best)) best = u;
  }
  return best;
}

/**
 * Every meeting start inside business hours between `from` (inclusive) and `to` (exclusive),
 * not before `now`: starts are aligned to the meeting length from the day's opening time and a
 * meeting must end by closing time. Days and hours are read on the organization's wall clock, so
 * a daylight-saving change keeps 9:00 at 9:00.
 */
export function businessSlots({
  hours,
  minutes,
  zone,
  from,
  to,
  now,
}: {
  hours: BusinessHours;
  minutes: number;
  zone: string;
  from: Date;
  to: Date;
  now: Date;
}): { start: Date; end: Date }[] {
  if (minutes <= 0 || hours.startMinute >= hours.endMinute) return [];
  const lower = Math.max(from.getTime(), now.getTime());
  const upper = to.getTime();
  if (!(lower < upper)) return [];
  const first = localTime(lower, zone);
  const firstDay = first.wallMs - first.minute * MINUTE_MS;
  const lastLocal = localTime(upper, zone);
  const lastDay = lastLocal.wallMs - lastLocal.minute * MINUTE_MS;
  const out: { start: Date; end: Date }[] = [];
  for (let day = firstDay; day <= lastDay; day += DAY_MS) {
    // getUTCDay: 0 = Sunday; ISO: 7 = Sunday.
    const isoDay = new Date(day).getUTCDay() || 7;
    if (!hours.days.includes(isoDay)) continue;
    for (let m = hours.startMinute; m + minutes <= hours.endMinute; m += minutes) {
      const start = wallToInstant(zone, day + m * MINUTE_MS);
      if (start === null || start < lower || start >= upper) continue;
      out.push({ start: new Date(start), end: new Date(start + minutes * MINUTE_MS) });
    }
  }
  return out;
}

/** The slots that overlap none of the busy intervals. */
export function withoutBusy<T extends { start: Date; end: Date }>(
  slots: T[],
  busy: readonly { start: Date; end: Date }[],
): T[] {
  return slots.filter((s) => !busy.some((b) => b.start < s.end && s.start < b.end));
}
