import { type CallReviewFilter, LOW_SCORE } from "@/lib/schemas/review";
/** Talk-time presets of the calls log's duration filter, in seconds, both ends included. */
export const DURATION_PRESETS: { label: string; min?: number; max?: number }[] = [
  { label: "Under 30 s", max: 29 },
  { label: "30 s to 2 min", min: 30, max: 119 },
  { label: "2 to 5 min", min: 120, max: 299 },
  { label: "5 min or more", min: 300 },
];

function seconds(s: number): string {
  if (s < 60 || s % 60 !== 0)
    return s < 60 ? `${s} s` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  return `${s / 60} min`;
}

/** A duration filter as its button shows it: a preset's name, "≥ 45 s", "10 s–2 min", or null for none. */
export function durationLabel(min: number | undefined, max: number | undefined): string | null {
  const preset = DURATION_PRESETS.find((p) => p.min === min && p.max === max);
  if (preset && (min !== undefined || max !== undefined)) return preset.label;
  if (min !== undefined && max !== undefined)
    return min === max ? seconds(min) : `${seconds(min)}–${seconds(max)}`;
  if (min !== undefined) return `≥ ${seconds(min)}`;
  if (max !== undefined) return `≤ ${seconds(max)}`;
  return null;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2026-12-01` as "Dec 1" (the day itself, no zone involved). */
function day(value: string): string {
  const [, m, d] = value.split("-").map(Number);
  return `${MONTHS[(m ?? 1) - 1]} ${d}`;
}

/** A date filter as its button shows it: "Dec 1–Dec 7", "Dec 3", "From Dec 1", "Until Dec 7", or null. */
export function dateRangeLabel(from: string | undefined, to: string | undefined): string | null {
  if (from && to) return from === to ? day(from) : `${day(from)}–${day(to)}`;
  if (from) return `From ${day(from)}`;
  if (to) return `Until ${day(to)}`;
  return null;
}

/** The day `now` is in `zone` (the browser's own when not given), as `YYYY-MM-DD`. */
export function dayIn(now: Date, zone?: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/** The last `days` days up to today in `zone`, today included. */
export function lastDays(days: number, now: Date, zone?: string): { from: string; to: string } {
  const to = dayIn(now, zone);
  const [y, m, d] = to.split("-").map(Number);
  const start = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) - (days - 1)));
  return { from: start.toISOString().slice(0, 10), to };
}

/** The calls log's review filter, in words (decision 0016). */
export const REVIEW_FILTER_LABELS: Record<CallReviewFilter, string> = {
  unreviewed: "Not reviewed",
  reviewed: "Reviewed",
  flagged: "Flagged for coaching",
  low: `Scored ${LOW_SCORE} or less`,
};
