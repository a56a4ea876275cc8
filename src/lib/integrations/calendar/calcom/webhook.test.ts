import { describe, expect, it } from "vitest";
import {
  calcomSignatureMatches,
  calcomWebhookSchema,
  claimedCalcomOrgId,
  signCalcomBody,
  toBookingEvent,
} from "./webhook";

const ORG = "0b6f3c1e-2d4a-4b8e-9f10-112233445566";

const body = (payload: Record<string, unknown>, trigger = "BOOKING_CREATED") =>
  calcomWebhookSchema.parse({ triggerEvent: trigger, createdAt: "2026-12-03T15:00:00.000Z", payload });

describe("Cal.com webhook signature", () => {
  const raw = JSON.stringify({ triggerEvent: "BOOKING_CREATED", payload: { uid: "abc" } });

  it("matches the hex HMAC-SHA256 of the raw body under the secret, in either case", () => {
    const sig = signCalcomBody(raw, "s3cret");
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(calcomSignatureMatches(raw, sig, "s3cret")).toBe(true);
    expect(calcomSignatureMatches(raw, sig.toUpperCase(), "s3cret")).toBe(true);
  });

  it("refuses another secret, another body, a cut signature, no-secret-provided and an empty secret", () => {
    const sig = signCalcomBody(raw, "s3cret");
    expect(calcomSignatureMatches(raw, sig, "other")).toBe(false);
    expect(calcomSignatureMatches(`${raw} `, sig, "s3cret")).toBe(false);
    expect(calcomSignatureMatches(raw, sig.slice(0, 62), "s3cret")).toBe(false);
    expect(calcomSignatureMatches(raw, "no-secret-provided", "s3cret")).toBe(false);
    expect(calcomSignatureMatches(raw, signCalcomBody(raw, ""), "")).toBe(false);
  });
});

describe("toBookingEvent", () => {
  it("reads times, status, attendees' emails and phones, and our ids from metadata", () => {
    const e = toBookingEvent(
      body({
        uid: "new",
        startTime: "2026-12-07T15:00:00.000Z",
        endTime: "2026-12-07T15:30:00.000Z",
        status: "ACCEPTED",
        attendees: [{ name: "Ada", email: "Ada@Example.com", timeZone: "Europe/London", phoneNumber: null }],
        responses: {
          email: { label: "email", value: "ada@example.com" },
          attendeePhoneNumber: { value: "+16465550123" },
        },
        smsReminderNumber: "+16465550199",
        metadata: { orgId: ORG, leadId: "not-a-uuid" },
      }),
    );
    expect(e).toMatchObject({
      trigger: "BOOKING_CREATED",
      uid: "new",
      status: "booked",
      timeZone: "Europe/London",
      emails: ["ada@example.com"],
      phones: ["+16465550123", "+16465550199"],
      ours: { orgId: ORG, leadId: null, callId: null, campaignId: null },
    });
    expect(e.start?.toISOString()).toBe("2026-12-07T15:00:00.000Z");
  });

  it("finds the replaced booking under each name Cal.com has used, never the booking itself", () => {
    expect(toBookingEvent(body({ uid: "new", rescheduleUid: "old" })).previousUid).toBe("old");
    expect(toBookingEvent(body({ uid: "new", rescheduledFromUid: "old" })).previousUid).toBe("old");
    expect(toBookingEvent(body({ uid: "new", fromReschedule: "old" })).previousUid).toBe("old");
    expect(toBookingEvent(body({ uid: "new", rescheduleUid: "new" })).previousUid).toBeNull();
  });

  it("maps statuses and tolerates odd fields", () => {
    expect(toBookingEvent(body({ uid: "u", status: "PENDING" })).status).toBe("pending");
    expect(toBookingEvent(body({ uid: "u", status: "REJECTED" })).status).toBe("cancelled");
    expect(toBookingEvent(body({ uid: "u", status: 7, attendees: "x", startTime: "soon" }))).toMatchObject({
      status: null,
      emails: [],
      start: null,
    });
  });

  it("claims an organization only from a valid uuid in metadata", () => {
    expect(claimedCalcomOrgId(JSON.stringify({ payload: { metadata: { orgId: ORG } } }))).toBe(ORG);
    expect(claimedCalcomOrgId(JSON.stringify({ payload: { metadata: { orgId: "x" } } }))).toBeNull();
    expect(claimedCalcomOrgId("not json")).toBeNull();
  });
});
