import { describe, expect, it } from "vitest";
import { formatCount, LIST_COUNT_CAP, pagePosition, pageWithin } from "./list";

describe("list counts and pages", () => {
  it("says 10,000+ for a count that stopped at the cap", () => {
    expect(formatCount(1204, false)).toBe("1,204");
    expect(formatCount(LIST_COUNT_CAP, true)).toBe("10,000+");
  });

  it("keeps a stale page inside a counted list, and the asked page past the cap", () => {
    expect(pageWithin(9, { count: 60, capped: false }, 25)).toBe(3);
    expect(pageWithin(2, { count: 60, capped: false }, 25)).toBe(2);
    expect(pageWithin(1, { count: 0, capped: false }, 25)).toBe(1);
    expect(pageWithin(900, { count: LIST_COUNT_CAP, capped: true }, 25)).toBe(900);
  });

  it("places a page: rows shown, pages known or not, whether a next one may exist", () => {
    expect(pagePosition({ page: 2, pageSize: 25, total: 60, capped: false, rows: 25 })).toEqual({
      from: 26,
      to: 50,
      pageCount: 3,
      hasNext: true,
    });
    expect(pagePosition({ page: 3, pageSize: 25, total: 60, capped: false, rows: 10 })).toEqual({
      from: 51,
      to: 60,
      pageCount: 3,
      hasNext: false,
    });
    // Past the cap the last page is unknown: a full page may have a next one, a short one has not.
    expect(pagePosition({ page: 500, pageSize: 25, total: LIST_COUNT_CAP, capped: true, rows: 25 })).toEqual({
      from: 12_476,
      to: 12_500,
      pageCount: null,
      hasNext: true,
    });
    expect(
      pagePosition({ page: 501, pageSize: 25, total: LIST_COUNT_CAP, capped: true, rows: 3 }),
    ).toMatchObject({
      to: 12_503,
      hasNext: false,
    });
    expect(
      pagePosition({ page: 900, pageSize: 25, total: LIST_COUNT_CAP, capped: true, rows: 0 }),
    ).toMatchObject({
      from: 22_476,
      to: 22_475,
      hasNext: false,
    });
  });
});
