import { describe, expect, it } from "vitest";
import { CalendarError } from "../types";
import { createCalcomCalendar } from "./calcom-calendar";

const input = {
  start: new Date("2026-12-07T14:00:00Z"),
  timeZone: "America/Chicago",
  attendee: { name: "Ada", email: null, phone: "+16465550100" },
  title: "Intro",
  notes: null,
  metadata: { callId: "c1" },
};

/** A calendar whose fetch answers every request with `status` and `body` (or throws `error`). */
function answering(status: number, body: unknown, error?: Error) {
  const seen: { url: string; init: RequestInit }[] = [];
  const calendar = createCalcomCalendar({
    apiKey: "cal_test",
    baseUrl: "https://cal.example/",
    eventTypeId: 7,
    fetch: async (url, init) => {
      seen.push({ url: String(url), init: init ?? {} });
      if (error) throw error;
      return new Response(JSON.stringify(body), { status });
    },
  });
  return { calendar, seen };
}

const kindOf = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => (e instanceof CalendarError ? e.kind : `not a CalendarError: ${String(e)}`),
  );

describe("Cal.com adapter", () => {
  it("maps refusals to CalendarError kinds", async () => {
    const cases: [number, unknown, string][] = [
      [401, { status: "error", error: { message: "Invalid API key" } }, "auth"],
      [403, {}, "auth"],
      [409, {}, "slot_taken"],
      [
        400,
        {
          status: "error",
          error: { code: "BadRequestException", message: "no_available_users_found_error" },
        },
        "slot_taken",
      ],
      [400, { status: "error", error: { message: "Attempting to book a meeting in the past." } }, "invalid"],
      [404, { status: "error", error: { message: "Event type with id=7 not found" } }, "invalid"],
      [429, {}, "transient"],
      [502, "<html>", "transient"],
    ];
    for (const [status, body, kind] of cases) {
      expect([status, await kindOf(answering(status, body).calendar.book(input))]).toEqual([status, kind]);
    }
    const down = answering(0, null, new TypeError("fetch failed"));
    expect(
      await kindOf(down.calendar.availability({ from: new Date(), to: new Date(), timeZone: "UTC" })),
    ).toBe("transient");
    expect(await kindOf(answering(200, { status: "success", data: { nope: 1 } }).calendar.book(input))).toBe(
      "transient",
    );
  });

  it("sends the phone number when there is no email, with the pinned version", async () => {
    const booking = {
      uid: "u1",
      start: "2026-12-07T14:00:00.000Z",
      end: "2026-12-07T14:30:00.000Z",
      status: "pending",
      eventType: { id: 7, slug: "intro" },
    };
    const { calendar, seen } = answering(201, { status: "success", data: booking });
    expect(await calendar.book(input)).toEqual({
      uid: "u1",
      start: new Date(booking.start),
      end: new Date(booking.end),
      status: "pending",
      eventTypeId: 7,
    });
    expect(seen[0]!.url).toBe("https://cal.example/v2/bookings");
    expect((seen[0]!.init.headers as Record<string, string>)["cal-api-version"]).toBe("2026-02-25");
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual({
      start: "2026-12-07T14:00:00.000Z",
      eventTypeId: 7,
      attendee: { name: "Ada", timeZone: "America/Chicago", phoneNumber: "+16465550100" },
      metadata: { callId: "c1" },
    });
    const noContact = await kindOf(
      calendar.book({ ...input, attendee: { name: "Ada", email: null, phone: null } }),
    );
    expect(noContact).toBe("invalid");
    expect(seen).toHaveLength(1);
  });
});
