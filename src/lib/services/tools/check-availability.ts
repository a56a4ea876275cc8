import { z } from "zod";
import type { Calendar, Slot } from "@/lib/integrations/calendar/types";
import { localDay, parseAgentTime, spokenDay, spokenSlots, type ToolCall } from "./tool-context";
import type { ToolResponse } from "./types";

const DAY_MS = 86_400_000;
/** How many times the agent reads out: a handful, not a schedule. */
export const OFFERED_TIMES = 6;
/** How far ahead the tools look for free times. */
const LOOKAHEAD_DAYS = 14;

export const checkAvailabilityArgs = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "date must be YYYY-MM-DD")
    .optional(),
  from: z.string().optional(),
  to: z.string().optional(),
});

/**
 * Up to a handful of free times, spread over days rather than only the first morning (at most
 * `dayLimit` a day), so the lead hears choices on more than one day.
 */
export function pickTimes(slots: Slot[], zone: string, limit = OFFERED_TIMES, dayLimit = 3): Date[] {
  const perDay = new Map<string, number>();
  const picked: Date[] = [];
  for (const s of slots) {
    const day = spokenDay(s.start, zone);
    const n = perDay.get(day) ?? 0;
    if (n >= dayLimit) continue;
    perDay.set(day, n + 1);
    picked.push(s.start);
    if (picked.length >= limit) break;
  }
  return picked;
}

/** The next free times after `from` within the lookahead, as one spoken line, or null. */
export async function nextFreeTimes(calendar: Calendar, from: Date, zone: string): Promise<string | null> {
  const slots = await calendar.availability({
    from,
    to: new Date(from.getTime() + LOOKAHEAD_DAYS * DAY_MS),
    timeZone: zone,
  });
  const times = pickTimes(slots, zone);
  return times.length ? spokenSlots(times, zone) : null;
}

/** check_availability: free meeting times, read in the lead's zone. */
export async function checkAvailability({
  call,
  calendar,
  args,
  now,
}: {
  call: ToolCall;
  calendar: Calendar;
  args: z.infer<typeof checkAvailabilityArgs>;
  now: Date;
}): Promise<ToolResponse> {
  const zone = call.timezone;
  let from = now;
  let to = new Date(now.getTime() + 7 * DAY_MS);
  let asked: string | null = null;
  if (args.date) {
    const day = localDay(args.date, zone);
    if (!day) return { ok: false, error: `date ${args.date} is not a calendar date` };
    ({ from, to } = day);
    asked = `on ${spokenDay(new Date((from.getTime() + to.getTime()) / 2), zone)}`;
  } else if (args.from) {
    const f = parseAgentTime(args.from, zone) ?? localDay(args.from, zone)?.from ?? null;
    const t = args.to ? (parseAgentTime(args.to, zone) ?? localDay(args.to, zone)?.to ?? null) : null;
    if (!f)
      return { ok: false, error: "from must be an ISO time or YYYY-MM-DDTHH:mm in the lead's time zone" };
    if (args.to && !t)
      return { ok: false, error: "to must be an ISO time or YYYY-MM-DDTHH:mm in the lead's time zone" };
    from = f;
    to = t ?? new Date(f.getTime() + 7 * DAY_MS);
    if (to <= from) return { ok: false, error: "to must be after from" };
    asked = "in that range";
  }
  if (to.getTime() <= now.getTime()) {
    const next = await nextFreeTimes(calendar, now, zone);
    return {
      ok: true,
      result: next
        ? `That time has passed. Next free times: ${next}`
        : "That time has passed and there are no free times in the next two weeks.",
    };
  }
  if (to.getTime() - from.getTime() > LOOKAHEAD_DAYS * DAY_MS)
    to = new Date(from.getTime() + LOOKAHEAD_DAYS * DAY_MS);
  // One asked-for day gets the whole handful; a range is spread over its days.
  const slots = await calendar.availability({ from, to, timeZone: zone });
  const times = pickTimes(slots, zone, OFFERED_TIMES, args.date ? OFFERED_TIMES : 3);
  if (times.length) return { ok: true, result: `Free times: ${spokenSlots(times, zone)}` };
  const next = await nextFreeTimes(calendar, to > now ? to : now, zone);
  const none = asked ? `No free times ${asked}.` : "No free times in the next week.";
  return {
    ok: true,
    result: next ? `${none} Next free times: ${next}` : `${none} Nothing free in the two weeks after either.`,
  };
}
