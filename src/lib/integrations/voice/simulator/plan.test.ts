import { describe, expect, it } from "vitest";
import { DEFAULT_OUTCOME_MIX, parseOutcomeMix, planSimulatedCall, seededRng } from "./plan";

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
