import { createHmac, randomUUID } from "node:crypto";
import { z } from "zod";
import { localTime } from "@/lib/dialer/calling-window";
import { type FakeServer, startFakeServer } from "./fake-server";

/*
 * A contract fake of Cal.com API v2 (providers.md section 3): GET /v2/slots (cal-api-version
 * 2024-09-04), POST /v2/bookings, GET /v2/bookings/:uid and POST /v2/bookings/:uid/cancel
 * (2024-08-13 or 2026-02-25), Bearer auth. Slots come from the test (`offer`); a booking must start
 * at an offered, still-free slot, or the fake answers 400 the way Cal.com does for a taken time.
 * Changes made in Cal.com itself (`bookOutside`, `rescheduleInCalcom`, `cancelInCalcom`) and
 * `delivery`, which builds the signed webhook Cal.com would send (default payload, providers.md 3.5).
 */

const SLOTS_VERSION = "2024-09-04";
const BOOKINGS_VERSIONS = ["2024-08-13", "2026-02-25"];

const isoInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not an ISO date-time");
const ianaZone = z.string().refine((z) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: z });
    return true;
  } catch {
    return false;
  }
}, "not an IANA time zone");

const slotsQuery = z
  .object({
    eventTypeId: z.string().regex(/^\d+$/),
    start: isoInstant,
    end: isoInstant,
    timeZone: ianaZone.optional(),
    format: z.enum(["time", "range"]).optional(),
    duration: z.string().regex(/^\d+$/).optional(),
  })
  .strict();

const metadata = z
  .record(z.string().max(40), z.string().max(500))
  .refine((m) => Object.keys(m).length <= 50, "metadata allows at most 50 keys");

const createBookingBody = z
  .object({
    // Cal.com wants the start in UTC.
    start: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/, "start must be a UTC ISO time"),
    eventTypeId: z.number().int().positive(),
    attendee: z
      .object({
        name: z.string().min(1),
        email: z.email().optional(),
        timeZone: ianaZone,
        phoneNumber: z
          .string()
          .regex(/^\+[1-9]\d{7,14}$/, "phoneNumber must be in international format")
          .optional(),
        language: z.string().optional(),
      })
      .strict()
      .refine((a) => a.email || a.phoneNumber, "attendee needs an email or a phoneNumber"),
    guests: z.array(z.email()).optional(),
    location: z.union([z.string(), z.object({ type: z.string() }).passthrough()]).optional(),
    lengthInMinutes: z.number().int().positive().optional(),
    metadata: metadata.optional(),
    bookingFieldsResponses: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const cancelBody = z
  .object({ cancellationReason: z.string().optional(), cancelSubsequentBookings: z.boolean().optional() })
  .strict();

export type CalcomFakeBooking = {
  uid: string;
  start: Date;
  end: Date;
  status: "accepted" | "pending" | "cancelled";
  body: z.infer<typeof createBookingBody>;
  cancellationReason?: string | null;
  /** Cal.com keeps the old booking (cancelled) and names its successor. */
  rescheduledToUid?: string | null;
  rescheduledFromUid?: string | null;
};

export type CalcomTrigger =
  | "BOOKING_CREATED"
  | "BOOKING_REQUESTED"
  | "BOOKING_RESCHEDULED"
  | "BOOKING_CANCELLED"
  | "BOOKING_REJECTED";

export type CalcomDelivery = { body: string; headers: Record<string, string> };

export type CalcomFake = FakeServer & {
  apiKey: string;
  eventTypeId: number;
  bookings: CalcomFakeBooking[];
  /** Makes these starts bookable (each `lengthMinutes` long). */
  offer(starts: Date[]): void;
  /** Someone else books this start (it stops being offered). */
  takeByOthers(start: Date): void;
  /** Bookings come back `pending` (the event type requires confirmation). */
  requiresConfirmation: boolean;
  /** Someone books in Cal.com directly (not through our calls): no metadata of ours. */
  bookOutside(input: {
    start: Date;
    name: string;
    email?: string;
    phoneNumber?: string;
    timeZone?: string;
  }): CalcomFakeBooking;
  /** The attendee or host reschedules in Cal.com: a new booking with a new uid; the old one is cancelled. */
  rescheduleInCalcom(uid: string, start: Date): CalcomFakeBooking;
  cancelInCalcom(uid: string, reason: string | null): CalcomFakeBooking;
  /**
   * The webhook Cal.com sends for a booking: the default body (`triggerEvent`, `createdAt`,
   * `payload` as CalendarEvent) and `X-Cal-Signature-256` = hex HMAC-SHA256 of the body under
   * `secret` (`no-secret-provided` when null, as Cal.com does for a webhook without a secret).
   */
  delivery(
    trigger: CalcomTrigger,
    uid: string,
    options: { secret: string | null; createdAt?: Date; payload?: Record<string, unknown> },
  ): CalcomDelivery;
};

/** "2026-12-08T09:00:00.000-06:00": the instant on `zone`'s wall clock, as Cal.com writes slots. */
function withOffset(d: Date, zone: string): string {
  const local = localTime(d.getTime(), zone);
  const wall = new Date(local.wallMs + d.getUTCSeconds() * 1000).toISOString().slice(0, 23);
  const o = local.offsetMinutes;
  const sign = o < 0 ? "-" : "+";
  const abs = Math.abs(o);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

const error = (status: number, message: string) => ({
  status,
  body: {
    status: "error",
    timestamp: new Date().toISOString(),
    path: "",
    error: { code: "BadRequestException", message },
  },
});

export async function startCalcomFake({
  apiKey = "cal_test_fake_key",
  eventTypeId = 4242,
  lengthMinutes = 30,
}: {
  apiKey?: string;
  eventTypeId?: number;
  lengthMinutes?: number;
} = {}): Promise<CalcomFake> {
  const offered = new Set<number>();
  const bookings: CalcomFakeBooking[] = [];
  // The fake object is made after the server starts; handlers read its settings through this.
  const state: { fake: { requiresConfirmation: boolean } } = { fake: { requiresConfirmation: false } };
  const auth = { authorization: `Bearer ${apiKey}` };
  const isFree = (ms: number) =>
    offered.has(ms) && !bookings.some((b) => b.status !== "cancelled" && b.start.getTime() === ms);

  const bookingJson = (b: CalcomFakeBooking) => ({
    id: bookings.indexOf(b) + 1,
    uid: b.uid,
    title: `Meeting between host and ${b.body.attendee.name}`,
    description: "",
    hosts: [{ id: 1, name: "Host", email: "host@example.com", username: "host", timeZone: "UTC" }],
    status: b.status,
    start: b.start.toISOString(),
    end: b.end.toISOString(),
    duration: lengthMinutes,
    eventTypeId,
    eventType: { id: eventTypeId, slug: "intro-call" },
    location: "",
    attendees: [
      {
        name: b.body.attendee.name,
        email: b.body.attendee.email ?? "",
        timeZone: b.body.attendee.timeZone,
        absent: false,
      },
    ],
    guests: [],
    bookingFieldsResponses: b.body.bookingFieldsResponses ?? {},
    metadata: b.body.metadata ?? {},
    absentHost: false,
    cancellationReason: b.cancellationReason ?? null,
    rescheduledFromUid: b.rescheduledFromUid ?? null,
    rescheduledToUid: b.rescheduledToUid ?? null,
    ...(b.rescheduledToUid ? { rescheduled: true } : {}),
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  });

  const newUid = () => randomUUID().replace(/-/g, "").slice(0, 22);
  const find = (uid: string) => {
    const b = bookings.find((x) => x.uid === uid);
    if (!b) throw new Error(`calcom fake: no booking ${uid}`);
    return b;
  };

  /** Cal.com's CalendarEvent webhook payload for a booking (sendPayload.ts). */
  const calendarEvent = (b: CalcomFakeBooking, trigger: CalcomTrigger) => {
    const a = b.body.attendee;
    const previous = b.rescheduledFromUid ? bookings.find((x) => x.uid === b.rescheduledFromUid) : undefined;
    return {
      type: "intro-call",
      title: `Meeting between host and ${a.name}`,
      description: "",
      additionalNotes: "",
      customInputs: {},
      startTime: b.start.toISOString(),
      endTime: b.end.toISOString(),
      organizer: {
        id: 1,
        name: "Host",
        email: "host@example.com",
        username: "host",
        timeZone: "UTC",
        language: { locale: "en" },
        timeFormat: "h:mma",
        utcOffset: 0,
      },
      responses: {
        name: { label: "your_name", value: a.name },
        ...(a.email ? { email: { label: "email_address", value: a.email } } : {}),
        ...(a.phoneNumber ? { attendeePhoneNumber: { label: "phone_number", value: a.phoneNumber } } : {}),
      },
      userFieldsResponses: {},
      attendees: [
        {
          email: a.email ?? "",
          name: a.name,
          firstName: "",
          lastName: "",
          timeZone: a.timeZone,
          language: { locale: "en" },
          utcOffset: 0,
          ...(a.phoneNumber ? { phoneNumber: a.phoneNumber } : {}),
        },
      ],
      location: "integrations:daily",
      destinationCalendar: null,
      hideCalendarNotes: false,
      requiresConfirmation: b.status === "pending",
      eventTypeId,
      seatsShowAttendees: true,
      seatsPerTimeSlot: null,
      uid: b.uid,
      bookingId: bookings.indexOf(b) + 1,
      length: lengthMinutes,
      status:
        trigger === "BOOKING_CANCELLED"
          ? "CANCELLED"
          : trigger === "BOOKING_REJECTED"
            ? "REJECTED"
            : b.status.toUpperCase(),
      metadata: b.body.metadata ?? {},
      smsReminderNumber: null,
      ...(trigger === "BOOKING_RESCHEDULED" && previous
        ? {
            rescheduleUid: previous.uid,
            rescheduleId: bookings.indexOf(previous) + 1,
            rescheduleStartTime: previous.start.toISOString(),
            rescheduleEndTime: previous.end.toISOString(),
            rescheduledBy: a.email ?? null,
          }
        : {}),
      ...(trigger === "BOOKING_CANCELLED" || trigger === "BOOKING_REJECTED"
        ? { cancellationReason: b.cancellationReason ?? null, cancelledBy: a.email ?? null }
        : {}),
    };
  };

  const server = await startFakeServer("Cal.com", [
    {
      method: "GET",
      path: "/v2/slots",
      query: slotsQuery,
      headers: { ...auth, "cal-api-version": SLOTS_VERSION },
      handle(req) {
        if (Number(req.query.get("eventTypeId")) !== eventTypeId) return error(404, "Event type not found");
        const zone = req.query.get("timeZone") ?? "UTC";
        const from = Date.parse(req.query.get("start") ?? "");
        const to = Date.parse(req.query.get("end") ?? "");
        const range = req.query.get("format") === "range";
        const data: Record<string, { start: string; end?: string }[]> = {};
        for (const ms of [...offered].sort((a, b) => a - b)) {
          if (ms < from || ms >= to || !isFree(ms)) continue;
          const start = new Date(ms);
          const day = withOffset(start, zone).slice(0, 10);
          const end = new Date(ms + lengthMinutes * 60_000);
          const list = data[day] ?? [];
          data[day] = list;
          list.push({
            start: withOffset(start, zone),
            ...(range ? { end: withOffset(end, zone) } : {}),
          });
        }
        return { body: { status: "success", data } };
      },
    },
    {
      method: "POST",
      path: "/v2/bookings",
      body: createBookingBody,
      headers: { ...auth, "cal-api-version": (v) => v !== undefined && BOOKINGS_VERSIONS.includes(v) },
      handle(req) {
        const body = createBookingBody.parse(req.body);
        if (body.eventTypeId !== eventTypeId)
          return error(404, `Event type with id=${body.eventTypeId} not found`);
        const ms = Date.parse(body.start);
        if (!isFree(ms))
          return error(400, "User either already has booking at this time or is not available");
        const booking: CalcomFakeBooking = {
          uid: newUid(),
          start: new Date(ms),
          end: new Date(ms + lengthMinutes * 60_000),
          status: state.fake.requiresConfirmation ? "pending" : "accepted",
          body,
        };
        bookings.push(booking);
        return { status: 201, body: { status: "success", data: bookingJson(booking) } };
      },
    },
    {
      method: "POST",
      path: "/v2/bookings/:uid/cancel",
      body: cancelBody,
      headers: { ...auth, "cal-api-version": (v) => v !== undefined && BOOKINGS_VERSIONS.includes(v) },
      handle(req) {
        const booking = bookings.find((b) => b.uid === req.params.uid);
        if (!booking) return error(404, `Booking with uid=${req.params.uid} not found`);
        booking.status = "cancelled";
        booking.cancellationReason = cancelBody.safeParse(req.body).data?.cancellationReason ?? null;
        return { body: { status: "success", data: bookingJson(booking) } };
      },
    },
    {
      method: "GET",
      path: "/v2/bookings/:uid",
      headers: { ...auth, "cal-api-version": (v) => v !== undefined && BOOKINGS_VERSIONS.includes(v) },
      handle(req) {
        const booking = bookings.find((b) => b.uid === req.params.uid);
        if (!booking) return error(404, `Booking with uid=${req.params.uid} not found`);
        return { body: { status: "success", data: bookingJson(booking) } };
      },
    },
  ]);

  const fake = Object.assign(server, {
    apiKey,
    eventTypeId,
    bookings,
    requiresConfirmation: false,
    offer(starts: Date[]) {
      for (const s of starts) offered.add(s.getTime());
    },
    takeByOthers(start: Date) {
      offered.delete(start.getTime());
    },
    bookOutside({
      start,
      name,
      email,
      phoneNumber,
      timeZone = "America/New_York",
    }: Parameters<CalcomFake["bookOutside"]>[0]) {
      const booking: CalcomFakeBooking = {
        uid: newUid(),
        start,
        end: new Date(start.getTime() + lengthMinutes * 60_000),
        status: state.fake.requiresConfirmation ? "pending" : "accepted",
        body: {
          start: start.toISOString(),
          eventTypeId,
          attendee: { name, timeZone, ...(email ? { email } : {}), ...(phoneNumber ? { phoneNumber } : {}) },
        },
      };
      bookings.push(booking);
      return booking;
    },
    rescheduleInCalcom(uid: string, start: Date) {
      const old = find(uid);
      const next: CalcomFakeBooking = {
        uid: newUid(),
        start,
        end: new Date(start.getTime() + lengthMinutes * 60_000),
        status: old.status === "pending" ? "pending" : "accepted",
        body: { ...old.body, start: start.toISOString() },
        rescheduledFromUid: old.uid,
      };
      old.status = "cancelled";
      old.rescheduledToUid = next.uid;
      bookings.push(next);
      return next;
    },
    cancelInCalcom(uid: string, reason: string | null) {
      const b = find(uid);
      b.status = "cancelled";
      b.cancellationReason = reason;
      return b;
    },
    delivery(
      trigger: CalcomTrigger,
      uid: string,
      options: { secret: string | null; createdAt?: Date; payload?: Record<string, unknown> },
    ): CalcomDelivery {
      const body = JSON.stringify({
        triggerEvent: trigger,
        createdAt: (options.createdAt ?? new Date()).toISOString(),
        payload: { ...calendarEvent(find(uid), trigger), ...options.payload },
      });
      const signature = options.secret
        ? createHmac("sha256", options.secret).update(body, "utf8").digest("hex")
        : "no-secret-provided";
      return { body, headers: { "content-type": "application/json", "x-cal-signature-256": signature } };
    },
  });
  state.fake = fake;
  return fake;
}
