import { sql } from "drizzle-orm";
import type { Tx } from "./client";

/**
 * Runs `fn` as `service_role` inside a member's `withUser` transaction, then returns to
 * `authenticated`: for the few writes only trusted code makes (audit rows, call rows, an erase),
 * after the service has checked the member's role. RLS does not apply meanwhile, so every
 * statement in `fn` filters by organization itself. A failed statement aborts the transaction,
 * and a rolled-back `set_config(..., true)` ends with it; an error thrown without one (an
 * AppError) still puts the role back before it propagates.
 */
export async function asServiceRole<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  await tx.execute(sql`select set_config('role', 'service_role', true)`);
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    await tx.execute(sql`select set_config('role', 'authenticated', true)`).catch(() => undefined);
    throw error;
  }
  await tx.execute(sql`select set_config('role', 'authenticated', true)`);
  return result;
}
