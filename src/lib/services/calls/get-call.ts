import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { listAppointmentsOfCall } from "@/lib/db/queries/appointments";
import { getCallDetail } from "@/lib/db/queries/calls";
import type { Actor } from "../organizations/roles";

/**
 * One call of the actor's organization with its lead, campaign and the appointments booked on it,
 * or null when the id is malformed or names no call the actor may see (RLS applies).
 */
export async function getCall({ tx, actor, callId }: { tx: Tx; actor: Actor; callId: string }) {
  if (!z.uuid().safeParse(callId).success) return null;
  const row = await getCallDetail(tx, { orgId: actor.orgId, callId });
  if (!row) return null;
  const booked = await listAppointmentsOfCall(tx, { callId });
  return { ...row, appointments: booked };
}
export type CallDetail = NonNullable<Awaited<ReturnType<typeof getCall>>>;
