/** Display helpers for report figures; null (nothing to divide by) reads as an em dash. */

export const DASH = "—";

export function formatPercent(v: number | null, digits = 1): string {
  return v === null ? DASH : `${(v * 100).toFixed(digits)}%`;
}

export function formatCents(v: number | null): string {
  if (v === null) return DASH;
  return (v / 100).toLocaleString("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 });
}

export function formatSeconds(v: number | null): string {
  if (v === null) return DASH;
  const s = Math.round(v);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function formatCount(v: number | null): string {
  return v === null ? DASH : Math.round(v).toLocaleString("en-US");
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
