import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { getEmailDetail } from "@/lib/db/queries/emails";
import type { Actor } from "../organizations/roles";

/**
 * One email of the actor's organization with its rendered message, lead, campaign and appointment,
 * or null when the id is malformed or names no email the actor may see (RLS applies).
 */
export async function getEmail({ tx, actor, emailId }: { tx: Tx; actor: Actor; emailId: string }) {
  if (!z.uuid().safeParse(emailId).success) return null;
  return getEmailDetail(tx, { orgId: actor.orgId, emailId });
}
export type EmailDetail = NonNullable<Awaited<ReturnType<typeof getEmail>>>;
