import { z } from "zod";
import type { Database } from "@/lib/db/client";
import { listBusyAppointments } from "@/lib/db/queries/appointments";
import { getOrganization } from "@/lib/db/queries/organizations";
import { withService } from "@/lib/db/with-user";
import { type Booking, type BookingInput, type Calendar, CalendarError, type Slot } from "../types";
import { type BusinessHours, businessSlots, withoutBusy } from "./free-slots";

const businessHoursSchema = z.object({
  days: z.array(z.int().min(1).max(7)),
  startMinute: z.int().min(0).max(1440),
  endMinute: z.int().min(0).max(1440),
});

type OrgCalendar = { hours: BusinessHours; minutes: number; zone: string };

async function loadOrg(db: Database, orgId: string): Promise<OrgCalendar> {
  const row = await withService((tx) => getOrganization(tx, { orgId }), db);
  if (!row) throw new CalendarError("invalid", "The organization does not exist");
  const hours = businessHoursSchema.safeParse(row.businessHours);
  if (!hours.success)
    throw new CalendarError("invalid", "The organization's business hours are not set up correctly");
  return { hours: hours.data, minutes: row.appointmentMinutes, zone: row.defaultTimezone };
}

async function busyBetween(db: Database, orgId: string, from: Date, to: Date): Promise<Slot[]> {
  const rows = await withService((tx) => listBusyAppointments(tx, { orgId, from, to }), db);
  return rows.map((r) => ({ start: r.startAt, end: r.endAt }));
}

/**
 * The calendar an organization has without Cal.com: its business hours (in its default zone),
 * its meeting length, and the meetings already in `appointments`. `book` only checks the time;
 * the caller writes the appointment row, under a lock on the organization, in the transaction
 * `db` belongs to, so two calls cannot both take the same time.
 */
export function createBuiltinCalendar({
  db,
  orgId,
  now,
}: {
  db: Database;
  orgId: string;
  now: Date;
}): Calendar {
  return {
    name: "builtin",

    async availability({ from, to }): Promise<Slot[]> {
      const org = await loadOrg(db, orgId);
      const slots = businessSlots({ ...org, from, to, now });
      if (slots.length === 0) return [];
      const busy = await busyBetween(db, orgId, slots[0]!.start, slots[slots.length - 1]!.end);
      return withoutBusy(slots, busy);
    },

    async book(input: BookingInput): Promise<Booking> {
      const org = await loadOrg(db, orgId);
      if (input.start.getTime() < now.getTime())
        throw new CalendarError("invalid", "That time has already passed");
      const [slot] = businessSlots({
        ...org,
        from: input.start,
        to: new Date(input.start.getTime() + 60_000),
        now,
      }).filter((s) => s.start.getTime() === input.start.getTime());
      if (!slot)
        throw new CalendarError(
          "invalid",
          `That is not a bookable time: meetings are ${org.minutes} minutes, starting on the ${org.minutes}-minute marks within business hours`,
        );
      if (withoutBusy([slot], await busyBetween(db, orgId, slot.start, slot.end)).length === 0)
        throw new CalendarError("slot_taken", "That time is already booked");
      return { uid: null, start: slot.start, end: slot.end, status: "booked", eventTypeId: null };
    },

    async cancel() {
      // Built-in bookings are appointment rows: cancelling one is an update of that row.
    },
  };
}
