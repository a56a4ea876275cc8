import { type AnyColumn, type SQL, sql } from "drizzle-orm";

/**
 * ORDER BY terms written to match the indexes exactly. Drizzle builds a `.desc()` index column as
 * `DESC NULLS LAST` (and an ascending one as `ASC NULLS LAST`), while a plain `ORDER BY x DESC`
 * means NULLS FIRST. Postgres serves an ORDER BY from an index only when the nulls placement
 * matches too, even on NOT NULL columns; otherwise it reads every matching row and sorts them
 * (the calls list joined a million calls to a million leads to show 25 of them). Ascending terms
 * need nothing: `asc()` is `ASC NULLS LAST`, and a plain `desc()` is the backward walk of an
 * ascending index. tests/integration/list-plans.test.ts checks each list's plan.
 */
export function descNullsLast(column: AnyColumn): SQL {
  return sql`${column} desc nulls last`;
}

/**
 * A term on a column indexed `.desc()`, either way: descending walks the index forwards, ascending
 * (`asc nulls first`) walks it backwards.
 */
export function onDescIndex(column: AnyColumn, dir: "asc" | "desc"): SQL {
  return dir === "desc" ? descNullsLast(column) : sql`${column} asc nulls first`;
}
