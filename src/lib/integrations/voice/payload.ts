import { z } from "zod";

/*
 * Numbers a provider payload may carry, bounded to what can be true, so a signed but absurd value
 * (`start_timestamp: 1e20`, a negative length, a cost past any real call) is refused at the edge
 * with a 422 naming the field, instead of failing deep in the outcome service and being retried.
 */

/** The latest instant we accept: well past any real call, well inside what Date and Postgres hold. */
const LATEST = Date.UTC(2100, 0, 1);

/** Milliseconds since the epoch (Retell's timestamps, Vapi's `timestamp`). */
export const epochMs = z
  .number()
  .finite()
  .min(0, "must be a time after 1970")
  .max(LATEST, "must be a time before 2100");

/** A call's length in milliseconds: at most a day (providers end calls after hours, not days). */
export const durationMs = z
  .number()
  .finite()
  .min(0, "must not be negative")
  .max(24 * 3_600_000, "must be at most a day");

/** A call's cost in the provider's unit (Retell cents, Vapi dollars): never negative, never absurd. */
export const callCost = (max: number) =>
  z.number().finite().min(0, "must not be negative").max(max, "is not a real call's cost");

/** Where a provider body broke its schema, for the 422 and the stored event: "call.start_timestamp: must be …". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "body"}: ${i.message}`)
    .join("; ");
}
