import { describe, expect, it } from "vitest";
import {
  callSearchParams,
  isCallFilterActive,
  parseCallSearchParams,
  unreadableCallParams,
} from "./call-filters";

const CAMPAIGN = "0b7f1f3e-5b7a-4a43-9a59-2f1f0c1d2e3f";

describe("parseCallSearchParams", () => {
  it("reads every filter from its URL parameter", () => {
    expect(
      parseCallSearchParams({
        q: "  premium plan ",
        campaign: CAMPAIGN,
        result: "answered",
        outcome: "booked",
        provider: "retell",
        from: "2026-12-01",
        to: "2026-12-07",
        dmin: "30",
        dmax: "119",
        page: "3",
      }),
    ).toEqual({
      filter: {
        q: "premium plan",
        campaignId: CAMPAIGN,
        result: "answered",
        outcome: "booked",
        provider: "retell",
        from: "2026-12-01",
        to: "2026-12-07",
        minSeconds: 30,
        maxSeconds: 119,
      },
      page: 3,
    });
  });

  it("drops what it can't read instead of failing the page", () => {
    expect(
      parseCallSearchParams({
        campaign: "not-a-uuid",
        result: "exploded",
        outcome: "maybe",
        provider: "twilio",
        from: "2026-02-30",
        to: "yesterday",
        dmin: "-5",
        dmax: "1e3",
        page: "zero",
        q: "   ",
      }),
    ).toEqual({ filter: {}, page: 1 });
    // A control character in the search is refused (Postgres would refuse a NUL in text).
    expect(parseCallSearchParams({ q: "a\u0000b" }).filter.q).toBeUndefined();
  });

  it("reads ranges given backwards the right way round", () => {
    const { filter } = parseCallSearchParams({
      from: "2026-12-07",
      to: "2026-12-01",
      dmin: "300",
      dmax: "60",
    });
    expect(filter).toEqual({ from: "2026-12-01", to: "2026-12-07", minSeconds: 60, maxSeconds: 300 });
  });

  it("takes the first of repeated parameters and caps the search's length", () => {
    const { filter } = parseCallSearchParams({ result: ["busy", "answered"], q: "x".repeat(500) });
    expect(filter.result).toBe("busy");
    expect(filter.q).toHaveLength(200);
  });
});

describe("callSearchParams", () => {
  it("is the inverse of parsing, leaving page one out", () => {
    const params = {
      q: "pricing or renewal",
      campaign: CAMPAIGN,
      result: "voicemail",
      outcome: "callback",
      provider: "vapi",
      from: "2026-11-01",
      to: "2026-11-30",
      dmin: "0",
      dmax: "29",
    };
    const { filter } = parseCallSearchParams(params);
    expect(Object.fromEntries(callSearchParams(filter))).toEqual(params);
    expect(callSearchParams(filter, 2).get("page")).toBe("2");
    expect(callSearchParams({}).toString()).toBe("");
  });

  it("says whether anything narrows the list", () => {
    expect(isCallFilterActive({})).toBe(false);
    expect(isCallFilterActive({ minSeconds: 0 })).toBe(true);
    expect(isCallFilterActive({ leadId: CAMPAIGN })).toBe(false);
  });
});

describe("unreadableCallParams", () => {
  it("names each filter given with a value the parser dropped, and nothing else", () => {
    const params = {
      campaign: "not-a-uuid",
      review: "bogus",
      dmin: "abc",
      result: "answered",
      q: "  ",
      from: "",
    };
    const { filter } = parseCallSearchParams(params);
    expect(unreadableCallParams(params, filter)).toEqual(["campaign=not-a-uuid", "review=bogus", "dmin=abc"]);
    const good = { campaign: CAMPAIGN, review: "low", dmin: "30", dmax: "10", from: "2026-12-01" };
    expect(unreadableCallParams(good, parseCallSearchParams(good).filter)).toEqual([]);
  });
});
