import { type Subquery, sql } from "drizzle-orm";
import { type CappedCount, LIST_COUNT_CAP } from "@/lib/schemas/list";
import type { Tx } from "../client";

/**
 * How many rows `matching` (a select, not yet run) returns, reading at most `cap + 1` of them:
 * `select count(*) from (… limit cap + 1)`. The rows come off the list's own index in the order
 * it finds them, so the cost is bounded by the cap whatever the table's size.
 */
export async function countCapped(
  tx: Tx,
  matching: { limit(n: number): { as(alias: string): Subquery } },
  cap: number = LIST_COUNT_CAP,
): Promise<CappedCount> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(matching.limit(cap + 1).as("matching"));
  const n = Number(row?.n ?? 0);
  return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
}
