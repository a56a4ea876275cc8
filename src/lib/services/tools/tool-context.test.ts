import { describe, expect, it } from "vitest";
import { localDay, parseAgentTime, spokenAt, spokenSlots } from "./tool-context";

const NY = "America/New_York";

describe("agent times", () => {
  it("reads instants with an offset as given and wall times in the lead's zone", () => {
    expect(parseAgentTime("2026-12-08T09:30:00-06:00", NY)?.toISOString()).toBe("2026-12-08T15:30:00.000Z");
    expect(parseAgentTime("2026-12-08T15:30Z", NY)?.toISOString()).toBe("2026-12-08T15:30:00.000Z");
    expect(parseAgentTime("2026-12-08T09:30", NY)?.toISOString()).toBe("2026-12-08T14:30:00.000Z");
    expect(parseAgentTime("2026-07-08 09:30", NY)?.toISOString()).toBe("2026-07-08T13:30:00.000Z");
  });

  it("refuses what is not a time: no clock, an impossible date, a skipped hour, words", () => {
    expect(parseAgentTime("2026-12-08", NY)).toBeNull();
    expect(parseAgentTime("2026-02-30T09:00", NY)).toBeNull();
    expect(parseAgentTime("2026-03-08T02:30", NY)).toBeNull();
    expect(parseAgentTime("tomorrow at 9", NY)).toBeNull();
    expect(parseAgentTime("2026-12-08T25:00", NY)).toBeNull();
  });

  it("a local day spans its own length: 23 hours when clocks go forward", () => {
    const day = localDay("2026-03-08", NY);
    expect(day?.from.toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(day?.to.toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(localDay("2026-02-29", NY)).toBeNull();
  });

  it("speaks times on the lead's clock, grouped by day, on one line", () => {
    expect(spokenAt(new Date("2026-12-08T15:30:00Z"), "America/Chicago")).toBe(
      "Tuesday Dec 8 at 9:30 AM (America/Chicago)",
    );
    const line = spokenSlots(
      ["2026-12-08T15:00:00Z", "2026-12-08T15:30:00Z", "2026-12-09T20:00:00Z"].map((t) => new Date(t)),
      "America/Chicago",
    );
    expect(line).toBe(
      "Tuesday Dec 8 (2026-12-08): 9:00 AM, 9:30 AM; Wednesday Dec 9 (2026-12-09): 2:00 PM (America/Chicago)",
    );
    expect(line).not.toMatch(/\n/);
  });
});
