import { describe, expect, it } from "vitest";
import { delayMinutes, formatDelay, splitDelay } from "./delay-units";

describe("retry delay units", () => {
  it("shows a stored delay in the largest whole unit", () => {
    expect(splitDelay(1440)).toEqual({ amount: 1, unit: "days" });
    expect(splitDelay(240)).toEqual({ amount: 4, unit: "hours" });
    expect(splitDelay(90)).toEqual({ amount: 90, unit: "minutes" });
    expect(splitDelay(30)).toEqual({ amount: 30, unit: "minutes" });
    expect(splitDelay(0)).toEqual({ amount: 0, unit: "minutes" });
  });

  it("stores what was typed as minutes", () => {
    expect(delayMinutes(2, "days")).toBe(2880);
    expect(delayMinutes(1.5, "hours")).toBe(90);
    expect(delayMinutes(45, "minutes")).toBe(45);
  });

  it("round-trips and reads as words", () => {
    for (const m of [5, 30, 60, 90, 240, 1440, 20160]) {
      const { amount, unit } = splitDelay(m);
      expect(delayMinutes(amount, unit)).toBe(m);
    }
    expect(formatDelay(1440)).toBe("1 day");
    expect(formatDelay(240)).toBe("4 hours");
    expect(formatDelay(30)).toBe("30 minutes");
  });
});
