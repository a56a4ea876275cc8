import type { LeadStatus } from "@/lib/schemas/lead";

export const LEAD_STATUS_LABELS: Record<LeadStatus, string> = {
  pending: "Pending",
  queued: "Queued",
  calling: "Calling",
  booked: "Booked",
  not_interested: "Not interested",
  callback: "Callback",
  no_answer: "No answer",
  busy: "Busy",
  voicemail: "Voicemail",
  unreachable: "Unreachable",
  do_not_call: "Do not call",
  invalid_number: "Invalid number",
  failed: "Failed",
};

/** Good outcomes green, retries amber, dead ends red, the rest neutral. */
export const LEAD_STATUS_VARIANT: Record<
  LeadStatus,
  "secondary" | "outline" | "success" | "warning" | "destructive"
> = {
  pending: "secondary",
  queued: "outline",
  calling: "outline",
  booked: "success",
  not_interested: "outline",
  callback: "warning",
  no_answer: "warning",
  busy: "warning",
  voicemail: "warning",
  unreachable: "outline",
  do_not_call: "destructive",
  invalid_number: "destructive",
  failed: "destructive",
};

export type TimezoneSource = "column" | "inferred" | "default";

/**
 * `column` covers every zone given explicitly: a file's time-zone column, the API, or one picked by
 * hand on the lead page (the enum has no separate value for that).
 */
export const TIMEZONE_SOURCE_LABELS: Record<TimezoneSource, string> = {
  column: "From file",
  inferred: "From number",
  default: "Campaign default",
};

/**
 * Where a lead's zone came from, in a salesperson's words: "From file", "From number",
 * "From number (2 possible zones)" when the number spans several zones.
 */
export function timezoneSourceTag(source: TimezoneSource, candidates: readonly string[] | null): string {
  const count = new Set(candidates ?? []).size;
  if (source === "inferred" && count > 1) return `From number (${count} possible zones)`;
  return TIMEZONE_SOURCE_LABELS[source];
}

export const TIMEZONE_SOURCE_HINTS: Record<TimezoneSource, string> = {
  column: "Set explicitly: from the file's time-zone column, the API, or by hand.",
  inferred: "Inferred from the phone number.",
  default: "The campaign's default: the number did not tell.",
};

export function consentLabel(consent: boolean | null): string {
  return consent === true ? "Yes" : consent === false ? "No" : "Unknown";
}

export function leadName(lead: { firstName: string | null; lastName: string | null }): string | null {
  const name = [lead.firstName, lead.lastName].filter(Boolean).join(" ");
  return name || null;
}

export function zoneLabel(zone: string): string {
  return zone.replaceAll("_", " ");
}

/** "America/Los_Angeles" → "Los Angeles": what fits a table cell. */
export function zoneCity(zone: string): string {
  return zoneLabel(zone.slice(zone.lastIndexOf("/") + 1));
}

/**
 * For a number that spans several zones: "Anchorage (most likely; the number could also be on
 * Adak time)". The lead's own zone is the most likely one (src/lib/leads/normalize/zone-ranking.ts);
 * null when there is no other candidate.
 */
export function likelyZoneNote(zone: string, candidates: readonly string[] | null): string | null {
  const others = (candidates ?? []).filter((candidate) => candidate !== zone).map(zoneCity);
  if (others.length === 0) return null;
  const list = others.length === 1 ? others[0] : `${others.slice(0, -1).join(", ")} or ${others.at(-1)}`;
  return `${zoneCity(zone)} (most likely; the number could also be on ${list} time)`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
