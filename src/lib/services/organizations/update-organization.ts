import type { Tx } from "@/lib/db/client";
import { updateOrganization as updateOrganizationRow } from "@/lib/db/queries/organizations";
import { AppError } from "@/lib/errors";
import type { UpdateOrganizationInput } from "@/lib/schemas/organization";
import { type Actor, assertCanAdminister } from "./roles";

/** Renames the organization and sets its default country and time zone (admins and owners). */
export async function updateOrganization({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: UpdateOrganizationInput;
}) {
  assertCanAdminister(actor);
  const org = await updateOrganizationRow(tx, { orgId: actor.orgId, ...input });
  if (!org) throw new AppError("forbidden", "You can't change this organization.");
  return org;
}
