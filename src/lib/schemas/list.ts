/**
 * A list counts its matches up to this many and beyond says "10,000+" (`countCapped`): an exact
 * count reads every matching row, a million of them for an organization's calls.
 */
export const LIST_COUNT_CAP = 10_000;

/** A count that stopped at the cap: `count` is the cap, and there are more. */
export type CappedCount = { count: number; capped: boolean };

/**
 * The page a list shows for the asked one: a stale link past the last page (rows deleted since)
 * lands on the last page that has rows. Past the cap the last page is unknown, so the asked page
 * stands (it may come back empty).
 */
export function pageWithin(page: number, total: CappedCount, pageSize: number): number {
  if (total.capped) return page;
  return Math.min(page, Math.max(1, Math.ceil(total.count / pageSize)));
}

/** A count as a list shows it: "1,204", or "10,000+" when it stopped at the cap. */
export function formatCount(count: number, capped: boolean): string {
  return `${count.toLocaleString("en-US")}${capped ? "+" : ""}`;
}

/**
 * Where a page sits in its list, for the pager: its first and last row (1-based; `to < from` when
 * the page is empty), the number of pages (null past the cap: unknown), and whether a next page
 * may exist (past the cap: while this page is full).
 */
export function pagePosition({
  page,
  pageSize,
  total,
  capped,
  rows,
}: {
  page: number;
  pageSize: number;
  total: number;
  capped: boolean;
  rows: number;
}): { from: number; to: number; pageCount: number | null; hasNext: boolean } {
  const from = (page - 1) * pageSize + 1;
  if (capped) return { from, to: from + rows - 1, pageCount: null, hasNext: rows >= pageSize };
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  return { from, to: Math.min(page * pageSize, total), pageCount, hasNext: page < pageCount };
}
