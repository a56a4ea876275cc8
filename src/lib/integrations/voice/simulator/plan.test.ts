import { describe, expect, it } from "vitest";
import {
  chooseTime,
  DEFAULT_OUTCOME_MIX,
  offeredTimes,
  parseOutcomeMix,
  planSimulatedCall,
  seededRng,
} from "./plan";

describe("planSimulatedCall", () => {
  it("is deterministic for a seed", () => {
    const a = Array.from(
      { length: 20 },
      (
        (r) => () =>
          planSimulatedCall(r)
      )(seededRng(42)),
    );
    const b = Array.from(
      { length: 20 },
      (
        (r) => () =>
          planSimulatedCall(r)
      )(seededRng(42)),
    );
    expect(a).toEqual(b);
  });

  it("keeps lengths realistic and follows the mix", () => {
    const rng = seededRng(7);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 2000; i++) {
      const p = planSimulatedCall(rng);
      counts[p.result] = (counts[p.result] ?? 0) + 1;
      if (p.result === "answered") {
        expect(p.talkMs).toBeGreaterThanOrEqual(20_000);
        expect(p.talkMs).toBeLessThanOrEqual(600_000);
        expect(p.outcome).not.toBeNull();
        expect(p.callbackInHours !== null).toBe(p.outcome === "callback");
        expect(p.slotPick !== null).toBe(p.outcome === "booked");
        expect(p.connected).toBe(true);
      }
      if (p.result === "no_answer") {
        expect(p.ringMs).toBeGreaterThanOrEqual(20_000);
        expect(p.ringMs).toBeLessThanOrEqual(30_000);
        expect(p.connected).toBe(false);
        expect(p.disconnectionReason).toBe("dial_no_answer");
      }
      if (p.result === "busy") expect(p.disconnectionReason).toBe("dial_busy");
    }
    // 45% answered of 2000 draws: well inside 35-55%.
    expect(counts.answered).toBeGreaterThan(700);
    expect(counts.answered).toBeLessThan(1100);
  });

  it("honours a custom mix", () => {
    const rng = seededRng(1);
    const mix = parseOutcomeMix("busy=100");
    for (let i = 0; i < 50; i++) expect(planSimulatedCall(rng, mix).result).toBe("busy");
  });
});

describe("parseOutcomeMix", () => {
  it("reads the env format and falls back on nonsense", () => {
    expect(parseOutcomeMix("answered=45,no_answer=25,voicemail=15,busy=10,failed=5")).toEqual(
      DEFAULT_OUTCOME_MIX,
    );
    expect(parseOutcomeMix("answered=1")).toEqual({
      answered: 1,
      no_answer: 0,
      voicemail: 0,
      busy: 0,
      failed: 0,
    });
    expect(parseOutcomeMix("bogus=3")).toEqual(DEFAULT_OUTCOME_MIX);
    expect(parseOutcomeMix(undefined)).toEqual(DEFAULT_OUTCOME_MIX);
  });
});

describe("offeredTimes", () => {
  it("reads check_availability's answer as wall times in the lead's zone", () => {
    expect(
      offeredTimes(
        "Free times: Tuesday Dec 8 (2026-12-08): 9:00 AM, 12:30 PM, 12:00 AM; Wednesday Dec 9 (2026-12-09): 4:15 PM (America/Chicago)",
      ),
    ).toEqual(["2026-12-08T09:00", "2026-12-08T12:30", "2026-12-08T00:00", "2026-12-09T16:15"]);
    expect(
      offeredTimes(
        "No free times on Monday Dec 7. Next free times: Tuesday Dec 8 (2026-12-08): 10:00 AM (UTC)",
      ),
    ).toEqual(["2026-12-08T10:00"]);
    expect(
      offeredTimes("No free times in the next week. Nothing free in the two weeks after either."),
    ).toEqual([]);
  });

  it("chooses by the plan's pick, within the list", () => {
    const offered = ["a", "b", "c"];
    expect(chooseTime({ slotPick: 0 }, offered)).toBe("a");
    expect(chooseTime({ slotPick: 0.5 }, offered)).toBe("b");
    expect(chooseTime({ slotPick: 0.9999 }, offered)).toBe("c");
    expect(chooseTime({ slotPick: null }, offered)).toBe("a");
    expect(chooseTime({ slotPick: 0.5 }, [])).toBeNull();
  });
});
