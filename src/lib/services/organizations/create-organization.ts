import type { Tx } from "@/lib/db/client";
import { insertMembership } from "@/lib/db/queries/memberships";
import { insertOrganization, type Organization } from "@/lib/db/queries/organizations";
import { upsertProfile } from "@/lib/db/queries/profiles";

/** Creates an organization with `owner` as its first member (service role: no user may insert orgs). */
export async function createOrganization({
  tx,
  owner,
  name,
  defaultCountry,
  defaultTimezone,
}: {
  tx: Tx;
  owner: { id: string; email: string; fullName?: string | null };
  name: string;
  defaultCountry?: string;
  defaultTimezone?: string;
}): Promise<Organization> {
  await upsertProfile(tx, owner);
  const org = await insertOrganization(tx, { name, defaultCountry, defaultTimezone });
  await insertMembership(tx, { orgId: org.id, userId: owner.id, role: "owner" });
  return org;
}
