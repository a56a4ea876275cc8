import { sql } from "drizzle-orm";
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
