import type { Database } from "@/lib/db/client";
import { findToolCall } from "@/lib/db/queries/calls";
import { withService } from "@/lib/db/with-user";
import type { CallingWindow } from "@/lib/dialer/calling-window";
import { wallToInstant } from "@/lib/integrations/calendar";
import type { ToolRequest } from "./types";

/** The call a tool request is about, with what the tools need of its lead and campaign. */
export type ToolCall = {
  callId: string;
  orgId: string;
  campaignId: string;
  campaignName: string;
  leadId: string;
  outcome: string | null;
  phone: string;
  leadName: string | null;
  email: string | null;
  /** The lead's zone: times are read and spoken in it. */
  timezone: string;
  /** Every zone the lead may be in (the calling window must hold in all). */
  zones: string[];
  window: CallingWindow;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Finds our call by its id (when the provider echoed it) or the provider's call id; service role. */
export async function loadToolCall(db: Database, request: ToolRequest): Promise<ToolCall | null> {
  const byId = request.callId && UUID.test(request.callId) ? request.callId : null;
  if (!byId && !request.providerCallId) return null;
  const row = await withService(
    (tx) =>
      findToolCall(tx, { provider: request.provider, callId: byId, providerCallId: request.providerCallId }),
    db,
  );
  if (!row) return null;
  const name = [row.firstName, row.lastName].filter((p) => p?.trim()).join(" ");
  return {
    callId: row.id,
    orgId: row.orgId,
    campaignId: row.campaignId,
    campaignName: row.campaignName,
    leadId: row.leadId,
    outcome: row.outcome,
    phone: row.phone,
    leadName: name || null,
    email: row.email?.trim() || null,
    timezone: row.timezone,
    zones: [row.timezone, ...(row.timezoneCandidates ?? []).filter((z) => z !== row.timezone)],
    window: {
      days: row.callingDays,
      startMinute: row.callingStartMinute,
      endMinute: row.callingEndMinute,
    },
  };
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/;
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A time the agent sent: an ISO instant with an offset (or Z), or a wall time `YYYY-MM-DDTHH:mm`
 * in the lead's zone. Null when it is neither or the wall time does not exist there.
 */
export function parseAgentTime(text: string, zone: string): Date | null {
  const t = text.trim();
  if (WITH_ZONE.test(t)) {
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m = LOCAL.exec(t);
  if (!m || m[4] === undefined) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  const back = new Date(wall);
  // Date.UTC rolls over (2026-02-30 -> March 2): such a date is not a date.
  if (back.getUTCDate() !== Number(m[3]) || back.getUTCHours() !== Number(m[4])) return null;
  const at = wallToInstant(zone, wall);
  return at === null ? null : new Date(at);
}

/** The instants a local calendar day `YYYY-MM-DD` in `zone` starts and ends at, or null. */
export function localDay(text: string, zone: string): { from: Date; to: Date } | null {
  const m = LOCAL.exec(text.trim());
  if (!m || m[4] !== undefined) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(wall).getUTCDate() !== Number(m[3])) return null;
  // Midnight can fall in a DST gap (some zones change at 00:00): then the day starts an hour later.
  const start = (w: number) => wallToInstant(zone, w) ?? wallToInstant(zone, w + 3_600_000);
  const from = start(wall);
  const to = start(wall + 86_400_000);
  return from === null || to === null ? null : { from: new Date(from), to: new Date(to) };
}

const dayFormat = new Map<string, Intl.DateTimeFormat>();
const timeFormat = new Map<string, Intl.DateTimeFormat>();
const isoDayFormat = new Map<string, Intl.DateTimeFormat>();

function cached(
  map: Map<string, Intl.DateTimeFormat>,
  zone: string,
  options: Intl.DateTimeFormatOptions,
  locale = "en-US",
) {
  let f = map.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: zone, ...options });
    map.set(zone, f);
  }
  return f;
}

/** "Tuesday Dec 8" in `zone`. */
export const spokenDay = (d: Date, zone: string) =>
  cached(dayFormat, zone, { weekday: "long", month: "short", day: "numeric" }).format(d).replace(",", "");
/** "9:30 AM" in `zone`. */
export const spokenTime = (d: Date, zone: string) =>
  cached(timeFormat, zone, { hour: "numeric", minute: "2-digit" })
    .format(d)
    .replace(/\u202f/g, " ");
/** "2026-12-08" in `zone` (en-CA formats dates as ISO). */
export const isoDay = (d: Date, zone: string) =>
  cached(isoDayFormat, zone, { year: "numeric", month: "2-digit", day: "2-digit" }, "en-CA").format(d);

/** "Tuesday Dec 8 at 9:30 AM (America/Chicago)". */
export const spokenAt = (d: Date, zone: string) =>
  `${spokenDay(d, zone)} at ${spokenTime(d, zone)} (${zone})`;

/**
 * A handful of free times as one line, grouped by the lead's local day:
 * "Tuesday Dec 8 (2026-12-08): 9:00 AM, 9:30 AM; Wednesday Dec 9 (2026-12-09): 10:00 AM (America/Chicago)".
 */
export function spokenSlots(starts: Date[], zone: string): string {
  const days: { label: string; times: string[] }[] = [];
  for (const s of starts) {
    const label = `${spokenDay(s, zone)} (${isoDay(s, zone)})`;
    const last = days[days.length - 1];
    if (last?.label === label) last.times.push(spokenTime(s, zone));
    else days.push({ label, times: [spokenTime(s, zone)] });
  }
  return `${days.map((d) => `${d.label}: ${d.times.join(", ")}`).join("; ")} (${zone})`;
}
