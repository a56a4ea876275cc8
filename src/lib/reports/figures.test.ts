import { describe, expect, it } from "vitest";
import { ZERO_COUNTS } from "@/lib/db/queries/reports";
import { caveatsOf, change, computeFigures } from "./figures";

describe("computeFigures", () => {
  it("computes every figure from counts written by hand", () => {
    // 10 calls: 2 in flight; of 8 ended, 4 answered (3 with a duration, 2 conversations,
    // 1 booked), 2 voicemail, 1 no answer, 1 failed; 6 ended calls reported a cost.
    const f = computeFigures({
      ...ZERO_COUNTS,
      placed: 10,
      in_flight: 2,
      ended: 8,
      answered: 4,
      voicemail: 2,
      no_answer: 1,
      failed: 1,
      conversations: 2,
      booked: 1,
      talk_seconds: 540,
      talk_calls: 3,
      cost_cents: 300,
      costed: 6,
      emails_sent: 5,
      emails_delivered: 3,
      emails_bounced: 1,
    });
    expect(f).toEqual({
      placed: 10,
      connectedRate: 0.5,
      voicemailRate: 0.25,
      avgTalkSeconds: 180,
      booked: 1,
      bookingRate: 0.25,
      spendCents: 300,
      costPerMeetingCents: 300,
      costPerConnectedMinuteCents: 300 / 9,
      emailsSent: 5,
      emailsDelivered: 3,
      emailsBounced: 1,
    });
  });
  it("nothing to divide by is unknown, not zero", () => {
    const f = computeFigures({ ...ZERO_COUNTS, placed: 3, in_flight: 3 });
    expect(f.connectedRate).toBeNull();
    expect(f.avgTalkSeconds).toBeNull();
    expect(f.costPerMeetingCents).toBeNull();
    expect(f.costPerConnectedMinuteCents).toBeNull();
    expect(f.placed).toBe(3);
  });
});

describe("change", () => {
  it("is relative to the previous figure, and unknown from zero or nothing", () => {
    expect(change(15, 10)).toBe(0.5);
    expect(change(5, 10)).toBe(-0.5);
    expect(change(5, 0)).toBeNull();
    expect(change(null, 3)).toBeNull();
    expect(change(3, null)).toBeNull();
  });
});

describe("caveatsOf", () => {
  it("counts simulated calls, calls in flight, ended calls with no cost and outboxed emails", () => {
    expect(
      caveatsOf({
        ...ZERO_COUNTS,
        placed: 5,
        simulated: 2,
        in_flight: 1,
        ended: 4,
        costed: 3,
        emails_outboxed: 2,
      }),
    ).toEqual({ simulated: 2, inFlight: 1, uncosted: 1, outboxed: 2 });
  });
});
