import { describe, expect, it } from "vitest";
import { type FollowUpFacts, followUpForCall } from "./follow-up-for-call";

const facts = (over: Partial<FollowUpFacts>): FollowUpFacts => ({
  result: "answered",
  outcome: null,
  appointmentId: null,
  missedCallEarlier: false,
  disabledKinds: [],
  templatesOff: [],
  ...over,
});

describe("followUpForCall", () => {
  it("a booked call earns a confirmation of its appointment", () => {
    expect(followUpForCall(facts({ outcome: "booked", appointmentId: "a1" }))).toEqual({
      action: "send",
      kind: "confirmation",
      appointmentId: "a1",
    });
  });

  it("a booked outcome without an appointment earns nothing yet (never a confirmation without a time)", () => {
    expect(followUpForCall(facts({ outcome: "booked" }))).toEqual({
      action: "none",
      why: "booked, but no appointment (yet)",
    });
  });

  it("not interested earns the goodbye", () => {
    expect(followUpForCall(facts({ outcome: "not_interested" }))).toMatchObject({
      action: "send",
      kind: "not_interested",
    });
  });

  it.each(["no_answer", "voicemail", "busy"] as const)(
    "%s earns a missed-call note the first time only",
    (result) => {
      expect(followUpForCall(facts({ result }))).toEqual({
        action: "send",
        kind: "missed_call",
        appointmentId: null,
      });
      expect(followUpForCall(facts({ result, missedCallEarlier: true }))).toMatchObject({ action: "none" });
    },
  );

  it.each([
    { result: "answered", outcome: "callback" },
    { result: "answered", outcome: "do_not_call" },
    { result: "answered", outcome: "unknown" },
    { result: "answered", outcome: null },
    { result: "failed", outcome: null },
    { result: null, outcome: null },
  ] as const)("$result / $outcome earns nothing", ({ result, outcome }) => {
    expect(followUpForCall(facts({ result, outcome })).action).toBe("none");
  });

  it("a kind the campaign turned off is skipped with the reason", () => {
    expect(followUpForCall(facts({ result: "no_answer", disabledKinds: ["missed_call"] }))).toEqual({
      action: "skip",
      kind: "missed_call",
      appointmentId: null,
      reason: "turned off for this campaign",
    });
    // Another kind turned off does not matter.
    expect(followUpForCall(facts({ result: "no_answer", disabledKinds: ["confirmation"] })).action).toBe(
      "send",
    );
  });

  it("a template switched off is skipped with the reason", () => {
    expect(
      followUpForCall(facts({ outcome: "booked", appointmentId: "a1", templatesOff: ["confirmation"] })),
    ).toEqual({ action: "skip", kind: "confirmation", appointmentId: "a1", reason: "template turned off" });
  });
});
