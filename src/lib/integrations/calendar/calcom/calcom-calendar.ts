import { z } from "zod";
import { type Booking, type BookingInput, type Calendar, CalendarError, type Slot } from "../types";
import { CALCOM_BOOKINGS_VERSION, CALCOM_METADATA_LIMITS, CALCOM_SLOTS_VERSION } from "./versions";

/*
 * The Cal.com adapter (API v2, plain fetch): free times from GET /v2/slots, bookings through
 * POST /v2/bookings and POST /v2/bookings/{uid}/cancel. Responses are zod-parsed; every failure
 * becomes a CalendarError whose kind tells the tool what to say.
 */

/** A booking as Cal.com reports it now (GET /v2/bookings/{uid}), for re-verifying our record. */
export type CalcomBookingState = {
  uid: string;
  status: "booked" | "pending" | "cancelled";
  start: Date;
  end: Date;
  cancellationReason: string | null;
  /** Set on a booking that was rescheduled: the new booking's uid. */
  rescheduledToUid: string | null;
  rescheduledFromUid: string | null;
};

/** The Cal.com calendar, which can also read one booking back. */
export type CalcomCalendar = Calendar & {
  /** The booking by uid, or null when Cal.com does not know it (404). Throws CalendarError. */
  getBooking(uid: string): Promise<CalcomBookingState | null>;
};

export type CalcomCalendarOptions = {
  apiKey: string;
  baseUrl?: string;
  eventTypeId: number;
  fetch?: typeof fetch;
};

const slotsResponseSchema = z.object({
  status: z.literal("success"),
  data: z.record(
    z.string(),
    z.array(z.object({ start: z.string(), end: z.string().optional() }).passthrough()),
  ),
});

const bookingSchema = z
  .object({
    uid: z.string().min(1),
    start: z.string(),
    end: z.string(),
    status: z.string(),
    eventTypeId: z.number().int().nullish(),
    eventType: z.object({ id: z.number().int() }).passthrough().nullish(),
  })
  .passthrough();

const bookingResponseSchema = z.object({
  status: z.literal("success"),
  // A recurring or seated event answers with a list; we book single events, so take the first.
  data: z.union([bookingSchema, z.array(bookingSchema).min(1)]),
});

const bookingStateSchema = bookingSchema.extend({
  cancellationReason: z.string().nullish(),
  rescheduledToUid: z.string().nullish(),
  rescheduledFromUid: z.string().nullish(),
});

const errorBodySchema = z
  .object({
    error: z.union([
      z.string(),
      z.object({ message: z.string().optional(), code: z.string().optional() }).passthrough(),
    ]),
    message: z.string(),
  })
  .partial()
  .passthrough();

// Cal.com answers a taken or unavailable start with 400 and one of these (ErrorCode values in
// cal.com `packages/lib/errorCodes.ts`), not 409.
const SLOT_TAKEN =
  /no_available_users_found|already has booking|not available|booking_seats_full|slot.*(taken|unavailable)/i;

function errorText(body: unknown): string {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return "";
  const e = parsed.data.error;
  const parts = [typeof e === "string" ? e : (e?.message ?? e?.code ?? ""), parsed.data.message ?? ""];
  return parts.filter(Boolean).join(": ").slice(0, 300);
}

function failure(status: number, body: unknown, what: string): CalendarError {
  const text = errorText(body);
  const detail = text ? ` (${text})` : "";
  if (status === 401 || status === 403)
    return new CalendarError("auth", `Cal.com refused the API key for ${what}${detail}`);
  if (status === 409 || (status === 400 && SLOT_TAKEN.test(text)))
    return new CalendarError("slot_taken", `Cal.com says that time is no longer available${detail}`);
  if (status === 429 || status >= 500)
    return new CalendarError("transient", `Cal.com failed ${what} with HTTP ${status}${detail}`);
  return new CalendarError("invalid", `Cal.com rejected ${what} with HTTP ${status}${detail}`);
}

/** Cal.com's metadata limits, checked before the request so a violation is a clear error. */
export function checkMetadata(metadata: Record<string, string>): Record<string, string> {
  const entries = Object.entries(metadata);
  const { keys, keyLength, valueLength } = CALCOM_METADATA_LIMITS;
  if (entries.length > keys)
    throw new CalendarError("invalid", `Booking metadata has ${entries.length} keys; Cal.com allows ${keys}`);
  for (const [k, v] of entries) {
    if (k.length > keyLength)
      throw new CalendarError(
        "invalid",
        `Booking metadata key "${k.slice(0, 50)}" is over ${keyLength} characters`,
      );
    if (v.length > valueLength)
      throw new CalendarError("invalid", `Booking metadata "${k}" is over ${valueLength} characters`);
  }
  return metadata;
}

function toBooking(data: z.infer<typeof bookingSchema>, eventTypeId: number): Booking {
  const start = new Date(data.start);
  const end = new Date(data.end);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()))
    throw new CalendarError("transient", "Cal.com returned a booking without valid times");
  return {
    uid: data.uid,
    start,
    end,
    // Events that need the host's confirmation are `pending` (or unconfirmed): not confirmed yet.
    status: data.status === "accepted" ? "booked" : "pending",
    eventTypeId: data.eventType?.id ?? data.eventTypeId ?? eventTypeId,
  };
}

export function createCalcomCalendar({
  apiKey,
  baseUrl = "https://api.cal.com",
  eventTypeId,
  fetch: fetchImpl = fetch,
}: CalcomCalendarOptions): CalcomCalendar {
  const root = baseUrl.replace(/\/+$/, "");

  async function request(
    what: string,
    path: string,
    init: { method: "GET" | "POST"; version: string; body?: unknown; nullIfNotFound?: boolean },
  ): Promise<unknown> {
    let res: Response;
    try {
      res = await fetchImpl(`${root}${path}`, {
        method: init.method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          "cal-api-version": init.version,
          ...(init.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new CalendarError(
        "transient",
        `Cal.com could not be reached for ${what}: ${(error as Error).name}`,
      );
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (res.status === 404 && init.nullIfNotFound) return null;
    if (!res.ok) throw failure(res.status, body, what);
    return body;
  }

  return {
    name: "calcom",

    async availability({ from, to, timeZone }): Promise<Slot[]> {
      const query = new URLSearchParams({
        eventTypeId: String(eventTypeId),
        start: from.toISOString(),
        end: to.toISOString(),
        timeZone,
        format: "range",
      });
      const body = await request("the free times", `/v2/slots?${query}`, {
        method: "GET",
        version: CALCOM_SLOTS_VERSION,
      });
      const parsed = slotsResponseSchema.safeParse(body);
      if (!parsed.success)
        throw new CalendarError("transient", "Cal.com returned free times in an unknown shape");
      const slots: Slot[] = [];
      for (const day of Object.values(parsed.data.data)) {
        for (const s of day) {
          const start = new Date(s.start);
          const end = s.end ? new Date(s.end) : null;
          if (Number.isNaN(start.getTime()) || !end || Number.isNaN(end.getTime())) continue;
          if (start < from || start >= to) continue;
          slots.push({ start, end });
        }
      }
      return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
    },

    async book(input: BookingInput): Promise<Booking> {
      const { attendee } = input;
      if (!attendee.email && !attendee.phone)
        throw new CalendarError("invalid", "Cal.com needs the attendee's email or phone number");
      const body = {
        start: input.start.toISOString(),
        eventTypeId,
        attendee: {
          name: attendee.name,
          timeZone: input.timeZone,
          ...(attendee.email ? { email: attendee.email } : {}),
          ...(attendee.phone ? { phoneNumber: attendee.phone } : {}),
        },
        metadata: checkMetadata(input.metadata),
        // No `location`: Cal.com rejects a location the event type does not offer, and the event
        // type's own default (a video link, the host's phone) is what the host set up.
        ...(input.notes ? { bookingFieldsResponses: { notes: input.notes } } : {}),
      };
      const res = await request("the booking", "/v2/bookings", {
        method: "POST",
        version: CALCOM_BOOKINGS_VERSION,
        body,
      });
      const parsed = bookingResponseSchema.safeParse(res);
      if (!parsed.success)
        throw new CalendarError("transient", "Cal.com returned a booking in an unknown shape");
      const data = Array.isArray(parsed.data.data) ? parsed.data.data[0]! : parsed.data.data;
      return toBooking(data, eventTypeId);
    },

    async cancel(uid: string, reason: string | null): Promise<void> {
      await request("the cancellation", `/v2/bookings/${encodeURIComponent(uid)}/cancel`, {
        method: "POST",
        version: CALCOM_BOOKINGS_VERSION,
        body: reason ? { cancellationReason: reason } : {},
      });
    },

    async getBooking(uid: string): Promise<CalcomBookingState | null> {
      const res = await request("the booking", `/v2/bookings/${encodeURIComponent(uid)}`, {
        method: "GET",
        version: CALCOM_BOOKINGS_VERSION,
        nullIfNotFound: true,
      });
      if (res === null) return null;
      const parsed = z
        .object({
          status: z.literal("success"),
          data: z.union([bookingStateSchema, z.array(bookingStateSchema).min(1)]),
        })
        .safeParse(res);
      if (!parsed.success)
        throw new CalendarError("transient", "Cal.com returned a booking in an unknown shape");
      const data = Array.isArray(parsed.data.data) ? parsed.data.data[0]! : parsed.data.data;
      const { start, end, status } = toBooking(data, eventTypeId);
      const state = data.status.toLowerCase();
      return {
        uid: data.uid,
        status: state === "cancelled" || state === "rejected" ? "cancelled" : status,
        start,
        end,
        cancellationReason: data.cancellationReason ?? null,
        rescheduledToUid: data.rescheduledToUid ?? null,
        rescheduledFromUid: data.rescheduledFromUid ?? null,
      };
    },
  };
}
