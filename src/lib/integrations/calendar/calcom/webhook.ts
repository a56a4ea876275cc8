import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";

/*
 * Cal.com webhooks (providers.md 3.5): the default body `{ triggerEvent, createdAt, payload }`,
 * where `payload` is Cal.com's CalendarEvent. Only the fields the sync reads are parsed; the rest
 * passes through into the stored event. Signed with `X-Cal-Signature-256`: hex HMAC-SHA256 of
 * the raw body under the webhook's secret, or the literal `no-secret-provided` when the webhook
 * has no secret (always refused here).
 */

export const CALCOM_NO_SECRET = "no-secret-provided";

/** True when `signature` is the hex HMAC-SHA256 of `rawBody` under `secret` (constant time). */
export function calcomSignatureMatches(rawBody: string, signature: string, secret: string): boolean {
  if (!secret || signature === CALCOM_NO_SECRET || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = createHmac("sha256", secret).update(rawBody, "utf8").digest();
  return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}

/** The signature a Cal.com webhook with this secret sends for this body (fakes and tests). */
export function signCalcomBody(rawBody: string, secret: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("hex");
}

const text = z.string().trim().min(1);
// Fields Cal.com sends as null as often as it leaves them out.
const opt = <T extends z.ZodType>(t: T) => t.nullish().catch(null);

const attendeeSchema = z
  .object({
    name: opt(z.string()),
    email: opt(z.string()),
    timeZone: opt(z.string()),
    phoneNumber: opt(z.string()),
  })
  .passthrough();

// `responses.email` is `{ label, value }` in current payloads, a bare value in older ones.
const response = z
  .union([z.object({ value: z.unknown() }).passthrough(), z.string()])
  .transform((r) => (typeof r === "string" ? r : typeof r.value === "string" ? r.value : null))
  .nullish()
  .catch(null);

export const calcomWebhookSchema = z
  .object({
    triggerEvent: text,
    createdAt: text,
    payload: z
      .object({
        uid: opt(text),
        bookingId: opt(z.number()),
        title: opt(z.string()),
        eventTitle: opt(z.string()),
        startTime: opt(z.string()),
        endTime: opt(z.string()),
        status: opt(z.string()),
        attendees: z.array(attendeeSchema).nullish().catch(null),
        responses: z
          .object({ email: response, attendeePhoneNumber: response, phone: response })
          .passthrough()
          .nullish()
          .catch(null),
        metadata: z.record(z.string(), z.unknown()).nullish().catch(null),
        smsReminderNumber: opt(z.string()),
        eventTypeId: opt(z.number()),
        cancellationReason: opt(z.string()),
        // The booking a reschedule replaced; Cal.com versions name it differently.
        rescheduleUid: opt(z.string()),
        rescheduledFromUid: opt(z.string()),
        fromReschedule: opt(z.string()),
      })
      .passthrough(),
  })
  .passthrough();

export type CalcomWebhook = z.infer<typeof calcomWebhookSchema>;

/** What the sync needs from one webhook, in our terms. */
export type CalcomBookingEvent = {
  trigger: string;
  createdAt: string;
  uid: string | null;
  /** The uid this booking replaced (reschedules), when Cal.com says. */
  previousUid: string | null;
  start: Date | null;
  end: Date | null;
  /** From the payload's status; null when it has none. */
  status: "booked" | "pending" | "cancelled" | null;
  title: string | null;
  timeZone: string | null;
  emails: string[];
  phones: string[];
  cancellationReason: string | null;
  eventTypeId: number | null;
  /** Our ids, when we made the booking (book_appointment writes them into Cal.com metadata). */
  ours: { orgId: string | null; leadId: string | null; callId: string | null; campaignId: string | null };
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidOf(v: unknown): string | null {
  return typeof v === "string" && UUID.test(v) ? v.toLowerCase() : null;
}

function dateOf(v: string | null | undefined): Date | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function statusOf(v: string | null | undefined): CalcomBookingEvent["status"] {
  // Webhooks carry Prisma's BookingStatus (ACCEPTED, PENDING, ...); API v2 the lowercase form.
  switch (v?.toLowerCase()) {
    case "accepted":
      return "booked";
    case "pending":
    case "awaiting_host":
      return "pending";
    case "cancelled":
    case "rejected":
      return "cancelled";
    default:
      return null;
  }
}

/** The org id a body claims (`metadata.orgId` of a booking we made), before any verification. */
export function claimedCalcomOrgId(rawBody: string): string | null {
  try {
    const body = JSON.parse(rawBody) as { payload?: { metadata?: Record<string, unknown> } };
    const m = body?.payload?.metadata;
    return uuidOf(m?.orgId ?? m?.org_id);
  } catch {
    return null;
  }
}

export function toBookingEvent(body: CalcomWebhook): CalcomBookingEvent {
  const p = body.payload;
  const m = p.metadata ?? {};
  const attendees = p.attendees ?? [];
  const uid = p.uid ?? null;
  const previous = [p.rescheduleUid, p.rescheduledFromUid, p.fromReschedule].find((u) => u && u !== uid);
  const emails = [...attendees.map((a) => a.email), p.responses?.email]
    .filter((e): e is string => typeof e === "string" && e.includes("@"))
    .map((e) => e.trim().toLowerCase());
  const phones = [
    ...attendees.map((a) => a.phoneNumber),
    p.responses?.attendeePhoneNumber,
    p.responses?.phone,
    p.smsReminderNumber,
  ].filter((v): v is string => typeof v === "string" && v.trim() !== "");
  const zone = attendees.map((a) => a.timeZone).find((z) => z && validZone(z)) ?? null;
  return {
    trigger: body.triggerEvent.toUpperCase(),
    createdAt: body.createdAt,
    uid,
    previousUid: previous ?? null,
    start: dateOf(p.startTime),
    end: dateOf(p.endTime),
    status: statusOf(p.status),
    title: p.title ?? p.eventTitle ?? null,
    timeZone: zone,
    emails: [...new Set(emails)],
    phones: [...new Set(phones)],
    cancellationReason: p.cancellationReason ?? null,
    eventTypeId: p.eventTypeId ?? null,
    ours: {
      orgId: uuidOf(m.orgId ?? m.org_id),
      leadId: uuidOf(m.leadId ?? m.lead_id),
      callId: uuidOf(m.callId ?? m.call_id),
      campaignId: uuidOf(m.campaignId ?? m.campaign_id),
    },
  };
}

export function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A verified Cal.com webhook body (raw text, or as stored) as a booking event, with the webhook
 * store's dedupe key (`<trigger>:<uid or booking id>:<createdAt>`); 422 when it is not one.
 */
export function readCalcomWebhook(body: string | unknown): {
  event: CalcomBookingEvent;
  eventKey: string;
  payload: unknown;
} {
  let json: unknown = body;
  if (typeof body === "string") {
    try {
      json = JSON.parse(body);
    } catch {
      throw new AppError("validation", "The body is not JSON.");
    }
  }
  const parsed = calcomWebhookSchema.safeParse(json);
  if (!parsed.success) throw new AppError("validation", "Not a Cal.com webhook body.");
  const event = toBookingEvent(parsed.data);
  const subject = event.uid ?? parsed.data.payload.bookingId ?? "-";
  return { event, eventKey: `${event.trigger}:${subject}:${event.createdAt}`, payload: json };
}
