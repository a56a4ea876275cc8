import { z } from "zod";
import type { Database } from "@/lib/db/client";
import {
  findLiveAppointmentOfCall,
  insertCallAppointment,
  lockOrgAppointments,
} from "@/lib/db/queries/appointments";
import { setCallBooked } from "@/lib/db/queries/calls";
import { withService } from "@/lib/db/with-user";
import { type Booking, type Calendar, CalendarError } from "@/lib/integrations/calendar/types";
import { logger } from "@/lib/logger";
import type { CalendarFor } from "../calendar/calendar-for";
import { nextFreeTimes } from "./check-availability";
import { parseAgentTime, spokenAt, type ToolCall } from "./tool-context";
import type { ToolResponse } from "./types";

export const bookAppointmentArgs = z.object({
  start: z.string().min(1, "start is required"),
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email("email is not a valid email address").max(320).optional(),
  notes: z.string().max(1000).optional(),
});

const said = (b: { start: Date; status: string }, zone: string) =>
  `${b.status === "pending" ? "Requested (the host still has to confirm)" : "Booked"}: ${spokenAt(b.start, zone)}.`;

/**
 * book_appointment: books the time through the organization's calendar and records the
 * appointment. One live booking per call: a retried request finds the first booking. The check,
 * the booking and the insert run under a transaction-scoped lock on the organization, so two
 * calls cannot both take one built-in slot and one call cannot book twice.
 */
export async function bookAppointment({
  db,
  call,
  calendarFor,
  args,
  now,
}: {
  db: Database;
  call: ToolCall;
  calendarFor: CalendarFor;
  args: z.infer<typeof bookAppointmentArgs>;
  now: Date;
}): Promise<ToolResponse> {
  const zone = call.timezone;
  const start = parseAgentTime(args.start, zone);
  if (!start)
    return { ok: false, error: `start must be an ISO time with offset or YYYY-MM-DDTHH:mm in ${zone}` };
  if (start.getTime() <= now.getTime()) {
    const next = await nextFreeTimes(await calendarFor(db, call.orgId, now), now, zone).catch(() => null);
    return {
      ok: false,
      error: next ? `That time has already passed. Free times: ${next}` : "That time has already passed.",
    };
  }
  let calendar: Calendar | null = null;
  let booking: Booking | null = null;
  try {
    const result = await withService(async (tx) => {
      await lockOrgAppointments(tx, { orgId: call.orgId });
      const existing = await findLiveAppointmentOfCall(tx, { orgId: call.orgId, callId: call.callId });
      if (existing)
        return { text: said({ start: existing.startAt, status: existing.status }, zone), fresh: false };
      // Bound to this transaction: the built-in calendar's free-time check sees what the lock protects.
      calendar = await calendarFor(tx, call.orgId, now);
      const name = args.name ?? call.leadName ?? "Guest";
      const email = args.email ?? call.email;
      booking = await calendar.book({
        start,
        timeZone: zone,
        // Cal.com needs an email or a phone number: the phone only when there is no email.
        attendee: { name, email, phone: email ? null : call.phone },
        title: `${call.campaignName}: ${name}`,
        notes: args.notes ?? null,
        metadata: {
          orgId: call.orgId,
          campaignId: call.campaignId,
          leadId: call.leadId,
          callId: call.callId,
        },
      });
      const b: Booking = booking;
      await insertCallAppointment(tx, {
        orgId: call.orgId,
        leadId: call.leadId,
        campaignId: call.campaignId,
        callId: call.callId,
        source: calendar.name,
        status: b.status,
        startAt: b.start,
        endAt: b.end,
        timezone: zone,
        title: `${call.campaignName}: ${name}`,
        notes: args.notes ?? null,
        calcomBookingUid: b.uid,
        calcomEventTypeId: b.eventTypeId,
      });
      // The call's outcome as the agent achieved it; the outcome service applies it to the lead.
      await setCallBooked(tx, { orgId: call.orgId, callId: call.callId, now });
      return { text: said(b, zone), fresh: true };
    }, db);
    logger.info(result.fresh ? "tools: appointment booked" : "tools: appointment already booked", {
      callId: call.callId,
      calendar: (calendar as Calendar | null)?.name ?? null,
    });
    return { ok: true, result: result.text };
  } catch (error) {
    const made = booking as Booking | null;
    const cal = calendar as Calendar | null;
    if (!(error instanceof CalendarError)) {
      // Booked at Cal.com but not recorded here: take it back rather than leave a meeting we don't know of.
      if (made?.uid && cal) await cal.cancel(made.uid, "Could not be recorded").catch(() => undefined);
      throw error;
    }
    // A fresh calendar: the one above was bound to the transaction that just ended.
    return calendarRefusal(error, await calendarFor(db, call.orgId, now), start, now, zone);
  }
}

async function calendarRefusal(
  error: CalendarError,
  calendar: Calendar,
  start: Date,
  now: Date,
  zone: string,
): Promise<ToolResponse> {
  logger.info("tools: booking refused", { kind: error.kind, calendar: calendar.name });
  if (error.kind === "auth" || error.kind === "transient")
    return {
      ok: false,
      error: "The calendar cannot be reached right now; offer to have someone follow up to book.",
    };
  const lead =
    error.kind === "slot_taken" ? "That time is no longer free." : `${error.message.replace(/\s+/g, " ")}.`;
  const next = await nextFreeTimes(calendar, start > now ? start : now, zone).catch(() => null);
  return {
    ok: false,
    error: next ? `${lead} Free times: ${next}` : `${lead} No free times in the next two weeks.`,
  };
}
