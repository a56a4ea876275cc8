import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY } from "./campaign-settings";
import { decideLead, nextAllowedAt } from "./next-attempt";

const everyDay = { days: [0, 1, 2, 3, 4, 5, 6], startMinute: 9 * 60, endMinute: 20 * 60 };

describe("nextAllowedAt", () => {
  it("pushes a retry that lands at night to the next morning in New York across the DST change", () => {
    // 2026-11-01 is the fall-back night in America/New_York (EDT -> EST).
    const from = new Date("2026-11-01T03:30:00Z"); // 23:30 EDT on Oct 31
    const at = nextAllowedAt({
      from,
      zones: ["America/New_York"],
      window: everyDay,
      maxAttemptsPerDay: null,
      callTimes: [],
    });
    expect(at?.toISOString()).toBe("2026-11-01T14:00:00.000Z"); // 09:00 EST
  });

  it("Honolulu (no DST, UTC-10) and Kolkata (UTC+5:30)", () => {
    const from = new Date("2026-12-03T08:00:00Z"); // 22:00 Honolulu, 13:30 Kolkata
    expect(
      nextAllowedAt({
        from,
        zones: ["Pacific/Honolulu"],
        window: everyDay,
        maxAttemptsPerDay: null,
        callTimes: [],
      })?.toISOString(),
    ).toBe("2026-12-03T19:00:00.000Z");
    expect(
      nextAllowedAt({
        from,
        zones: ["Asia/Kolkata"],
        window: everyDay,
        maxAttemptsPerDay: null,
        callTimes: [],
      })?.toISOString(),
    ).toBe(from.toISOString());
    const late = new Date("2026-12-03T16:00:00Z"); // 21:30 Kolkata
    expect(
      nextAllowedAt({
        from: late,
        zones: ["Asia/Kolkata"],
        window: everyDay,
        maxAttemptsPerDay: null,
        callTimes: [],
      })?.toISOString(),
    ).toBe("2026-12-04T03:30:00.000Z");
  });

  it("respects the attempts-per-day cap using the lead's call times", () => {
    const from = new Date("2026-12-03T16:00:00Z"); // 11:00 New York
    const callTimes = [new Date("2026-12-03T14:00:00Z"), new Date("2026-12-03T15:30:00Z")];
    const at = nextAllowedAt({
      from,
      zones: ["America/New_York"],
      window: everyDay,
      maxAttemptsPerDay: 2,
      callTimes,
    });
    expect(at?.toISOString()).toBe("2026-12-04T14:00:00.000Z");
    const one = nextAllowedAt({
      from,
      zones: ["America/New_York"],
      window: everyDay,
      maxAttemptsPerDay: 3,
      callTimes,
    });
    expect(one?.toISOString()).toBe(from.toISOString());
  });
});

describe("decideLead", () => {
  const base = {
    result: "no_answer" as const,
    outcome: null,
    callbackAt: null,
    endedAt: new Date("2026-12-03T15:00:00Z"), // 10:00 New York
    attempts: 1,
    maxAttempts: 3,
    policy: DEFAULT_RETRY_POLICY,
    zones: ["America/New_York"],
    window: everyDay,
    maxAttemptsPerDay: null,
    callTimes: [],
  };

  it("retries after the policy delay, or gives up when attempts run out", () => {
    expect(decideLead(base)).toEqual({
      status: "pending",
      nextAttemptAt: new Date("2026-12-03T19:00:00Z"),
      doNotCall: false,
    });
    expect(decideLead({ ...base, attempts: 3 }).status).toBe("unreachable");
    expect(
      decideLead({
        ...base,
        policy: { ...DEFAULT_RETRY_POLICY, no_answer: { retry: false, delayMinutes: 60 } },
      }).status,
    ).toBe("no_answer");
  });

  it("applies decisive outcomes and clamps a callback into the window", () => {
    expect(decideLead({ ...base, result: "answered", outcome: "booked" }).status).toBe("booked");
    expect(decideLead({ ...base, result: "answered", outcome: "do_not_call" }).doNotCall).toBe(true);
    const cb = decideLead({
      ...base,
      result: "answered",
      outcome: "callback",
      callbackAt: new Date("2026-12-04T03:00:00Z"), // 22:00 New York
    });
    expect(cb).toEqual({
      status: "callback",
      nextAttemptAt: new Date("2026-12-04T14:00:00Z"),
      doNotCall: false,
    });
    expect(decideLead({ ...base, result: "answered", outcome: "unknown" }).status).toBe("pending");
  });
});
