import { eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { organizations } from "../schema";

export type Organization = typeof organizations.$inferSelect;

export async function insertOrganization(
  tx: Tx,
  values: { name: string; defaultCountry?: string; defaultTimezone?: string },
): Promise<Organization> {
  const [org] = await tx.insert(organizations).values(values).returning();
  if (!org) throw new Error("insert into organizations returned nothing");
  return org;
}

export async function getOrganization(
  tx: Tx,
  { orgId }: { orgId: string },
): Promise<Organization | undefined> {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, orgId));
  return org;
}

export async function updateOrganization(
  tx: Tx,
  { orgId, ...values }: { orgId: string; name: string; defaultCountry: string; defaultTimezone: string },
): Promise<Organization | undefined> {
  const [org] = await tx
    .update(organizations)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(organizations.id, orgId))
    .returning();
  return org;
}
