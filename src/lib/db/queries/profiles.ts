import { eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { profiles } from "../schema";

export async function upsertProfile(tx: Tx, values: { id: string; email: string; fullName?: string | null }) {
  await tx
    .insert(profiles)
    .values({ id: values.id, email: values.email, fullName: values.fullName ?? null })
    .onConflictDoUpdate({
      target: profiles.id,
      set: { email: values.email, updatedAt: sql`now()` },
    });
}

/** Whether the user has a profile: made with their first membership, so it marks a finished sign-up. */
export async function profileExists(tx: Tx, { userId }: { userId: string }): Promise<boolean> {
  const [row] = await tx.select({ id: profiles.id }).from(profiles).where(eq(profiles.id, userId));
  return Boolean(row);
}
