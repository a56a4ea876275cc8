import { z } from "zod";

/*
 * When a lead may be called, judged in the lead's own local time.
 *
 * The legal rule: the TCPA (47 CFR 64.1200(c)(1)) forbids telephone solicitation before 08:00 or
 * after 21:00 in the *called party's* local time. A campaign's calling days and hours only narrow
 * that: `effectiveWindow` clamps every campaign window into 08:00-21:00, so no setting can widen it.
 * A lead whose zone is uncertain carries candidate zones too, and is callable only when it is
 * allowed in every one of them (fail closed); an empty zone list is never callable.
 *
 * Time zones come from the runtime's IANA data through Intl, never from fixed offsets, so daylight
 * saving time is handled by the same rules Postgres applies in `private.zone_in_calling_window`
 * and its callers (supabase/migrations/20261208130100_calling_window_inlined.sql). An unknown zone
 * name throws, as the SQL function raises, instead of passing.
 */

/** Minutes since local midnight. */
export type CallingWindow = {
  /** Allowed local weekdays, 0 = Sunday .. 6 = Saturday. */
  days: number[];
  /** First allowed local minute of the day (inclusive). */
  startMinute: number;
  /** End of the allowed local time (exclusive); 1440 means midnight at the end of the day. */
  endMinute: number;
};

/** TCPA: 08:00 (inclusive) to 21:00 (exclusive) in the called party's local time. */
export const LEGAL_WINDOW = { startMinute: 8 * 60, endMinute: 21 * 60 } as const;

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;

export const callingWindowSchema = z
  .object({
    days: z
      .array(z.int().min(0).max(6))
      .min(1, "Choose at least one calling day.")
      .max(7)
      .refine((days) => new Set(days).size === days.length, "Each day may appear only once."),
    startMinute: z
      .int()
      .min(0)
      .max(DAY_MINUTES - 1),
    endMinute: z.int().min(1).max(DAY_MINUTES),
  })
  .refine((w) => w.startMinute < w.endMinute, {
    message: "The calling hours must end after they start.",
    path: ["endMinute"],
  });

/**
 * The campaign window clamped into 08:00-21:00. A window entirely outside the legal hours
 * becomes empty (`startMinute >= endMinute`), which is never callable.
 */
export function effectiveWindow(w: CallingWindow): CallingWindow {
  const startMinute = Math.max(w.startMinute, LEGAL_WINDOW.startMinute);
  const endMinute = Math.min(w.endMinute, LEGAL_WINDOW.endMinute);
  return startMinute < endMinute
    ? { days: [...w.days], startMinute, endMinute }
    : { days: [...w.days], startMinute: LEGAL_WINDOW.startMinute, endMinute: LEGAL_WINDOW.startMinute };
}

export function isEmptyWindow(w: CallingWindow): boolean {
  return !(w.startMinute < w.endMinute) || w.days.length === 0;
}

export type LocalTime = {
  /** Wall-clock time as if it were UTC, truncated to the minute (for date arithmetic). */
  wallMs: number;
  /** 0 = Sunday .. 6 = Saturday. */
  weekday: number;
  /** Minutes since local midnight, 0..1439. */
  minute: number;
  /** UTC offset in minutes at this instant (east positive). */
  offsetMinutes: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // Throws RangeError for an unknown zone: an unknown zone must never read as "callable".
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The local wall-clock time in `zone` at instant `ms` (minute precision). */
export function localTime(ms: number, zone: string): LocalTime {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const part of formatterFor(zone).formatToParts(ms)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  const wallMs = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute);
  const instantMinute = Math.floor(ms / MINUTE_MS) * MINUTE_MS;
  return {
    wallMs,
    weekday: new Date(wallMs).getUTCDay(),
    minute: fields.hour * 60 + fields.minute,
    offsetMinutes: Math.round((wallMs - instantMinute) / MINUTE_MS),
  };
}

function insideLocal(local: LocalTime, w: CallingWindow): boolean {
  return w.days.includes(local.weekday) && local.minute >= w.startMinute && local.minute < w.endMinute;
}

/**
 * True only if, in every zone of `zones`, the local time at `at` is on an allowed day and inside
 * the campaign window clamped to 08:00-21:00. Empty `zones` is false; an unknown zone throws.
 */
export function isCallableAt(at: Date, zones: readonly string[], w: CallingWindow): boolean {
  const eff = effectiveWindow(w);
  if (zones.length === 0 || isEmptyWindow(eff)) return false;
  const ms = at.getTime();
  if (!Number.isFinite(ms)) return false;
  // Evaluate every zone (no early exit) so an unknown zone always throws, as in SQL.
  let ok = true;
  for (const zone of zones) {
    if (!insideLocal(localTime(ms, zone), eff)) ok = false;
  }
  return ok;
}

function offsetAt(ms: number, zone: string): number {
  return localTime(ms, zone).offsetMinutes * MINUTE_MS;
}

/**
 * The earliest instant u >= fromMs whose wall clock in `zone` is at or after `wallMs`, or a lower
 * bound on it. DST reasoning: wall = instant + offset, and the offset only changes at transitions.
 * We try the offsets in force near the target; an offset o is right when the instant W - o really
 * has offset o. On a fall-back night the wall time can occur twice: both are found and the earlier
 * wins. On a spring-forward night it may not occur at all (it falls in the gap): then W - (largest
 * offset) lies just before the gap, a safe lower bound from which the caller steps minute by minute.
 */
function earliestWallAtOrAfter(zone: string, wallMs: number, fromMs: number): number {
  const o0 = offsetAt(fromMs, zone);
  const guess = wallMs - o0;
  const offsets = new Set([
    o0,
    offsetAt(guess, zone),
    offsetAt(guess - 3 * 60 * MINUTE_MS, zone),
    offsetAt(guess + 3 * 60 * MINUTE_MS, zone),
  ]);
  let exact = Number.POSITIVE_INFINITY;
  for (const o of offsets) {
    const u = wallMs - o;
    if (u >= fromMs && offsetAt(u, zone) === o) exact = Math.min(exact, u);
  }
  return Number.isFinite(exact) ? exact : wallMs - Math.max(...offsets);
}

/**
 * For a zone that is not callable now, a lower bound on the next instant at which it can be:
 * the next allowed local day's window start, converted back to an instant.
 */
function nextStartInZone(zone: string, local: LocalTime, fromMs: number, w: CallingWindow): number {
  const midnight = local.wallMs - local.minute * MINUTE_MS;
  for (let k = 0; k <= 7; k++) {
    if (!w.days.includes((local.weekday + k) % 7)) continue;
    if (k === 0 && local.minute >= w.startMinute) continue;
    const target = midnight + (k * DAY_MINUTES + w.startMinute) * MINUTE_MS;
    return earliestWallAtOrAfter(zone, target, fromMs);
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * The earliest instant >= `at` (minute precision) at which `isCallableAt` holds, searching up to
 * `horizonDays` ahead; null when there is none (empty window, no zones, or none in the horizon).
 *
 * It jumps instead of scanning minutes: each zone that is outside its window gives a lower bound
 * on when it can next be inside (its next window start), and all zones must be inside at once, so
 * the latest of those bounds is a safe next candidate. Only around a DST gap does it fall back to
 * single-minute steps. Offsets are whole minutes, so callability is constant within a UTC minute.
 */
export function nextCallableAt(
  at: Date,
  zones: readonly string[],
  w: CallingWindow,
  horizonDays = 8,
): Date | null {
  const eff = effectiveWindow(w);
  const start = at.getTime();
  if (zones.length === 0 || isEmptyWindow(eff) || !Number.isFinite(start)) return null;
  const limit = start + horizonDays * DAY_MINUTES * MINUTE_MS;
  let t = start;
  while (t <= limit) {
    let allInside = true;
    let next = Math.floor(t / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    for (const zone of zones) {
      const local = localTime(t, zone);
      if (insideLocal(local, eff)) continue;
      allInside = false;
      next = Math.max(next, nextStartInZone(zone, local, t, eff));
    }
    if (allInside) return new Date(t);
    t = next;
  }
  return null;
}
