/**
 * The constraint a database error names, from either driver (postgres-js calls it
 * `constraint_name`, PGlite `constraint`), looking through Drizzle's wrapper (`cause`).
 */
function constraintOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const { constraint_name, constraint } = current as { constraint_name?: unknown; constraint?: unknown };
    const name = constraint_name ?? constraint;
    if (typeof name === "string") return name;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when `error` is the database refusing a write because of the named constraint or trigger. */
export function violatesConstraint(error: unknown, name: string): boolean {
  return constraintOf(error) === name;
}
