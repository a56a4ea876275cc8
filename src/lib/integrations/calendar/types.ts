/**
 * The calendar port (design section 2): where in-call tools look for free times and book
 * meetings. Cal.com API v2 when the organization (or the environment) has a Cal.com key,
 * otherwise the built-in calendar made from the organization's business hours, appointment
 * length and existing appointments.
 */
export type CalendarName = "calcom" | "builtin";

/** A bookable time; `end` is `start` plus the meeting length. */
export type Slot = { start: Date; end: Date };

export type AvailabilityQuery = {
  from: Date;
  to: Date;
  /** The zone the caller will read the times in (the lead's). */
  timeZone: string;
};

export type BookingInput = {
  start: Date;
  /** The lead's IANA zone: the attendee's zone at Cal.com and the appointment's zone here. */
  timeZone: string;
  attendee: { name: string; email: string | null; phone: string | null };
  title: string;
  notes: string | null;
  /** Our ids (organization, campaign, lead, call), stored with the booking (Cal.com `metadata`). */
  metadata: Record<string, string>;
};

export type Booking = {
  /** Cal.com booking uid; null for the built-in calendar. */
  uid: string | null;
  start: Date;
  end: Date;
  /** Cal.com returns `pending` for events that need the host's confirmation. */
  status: "booked" | "pending";
  eventTypeId: number | null;
};

/**
 * Why a calendar refused: `slot_taken` (someone else got it, offer other times), `invalid`
 * (bad input: outside hours, in the past), `auth` (bad key), `transient` (try again later).
 */
export type CalendarErrorKind = "slot_taken" | "invalid" | "auth" | "transient";

export class CalendarError extends Error {
  override name = "CalendarError";
  constructor(
    readonly kind: CalendarErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface Calendar {
  readonly name: CalendarName;
  /** Free start times between `from` and `to`, earliest first. */
  availability(query: AvailabilityQuery): Promise<Slot[]>;
  /** Books one slot. Throws CalendarError. */
  book(input: BookingInput): Promise<Booking>;
  /** Cancels a booking by uid (Cal.com); the built-in calendar cancels by appointment row instead. */
  cancel(uid: string, reason: string | null): Promise<void>;
}
