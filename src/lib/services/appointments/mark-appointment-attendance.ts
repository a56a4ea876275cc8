import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/lib/db/client";
import { getAppointment } from "@/lib/db/queries/appointments";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";
import { AppError } from "@/lib/errors";
import type { MarkAttendanceInput } from "@/lib/schemas/appointment";
import type { Actor } from "../organizations/roles";

/** Statuses whose meeting was (or still is) on: attendance can be recorded or undone on them. */
const MARKABLE = new Set(["booked", "completed", "no_show"]);

/**
 * Records whether a booked meeting took place (completed / no_show, or back to booked to undo a
 * slip), once it has started, and writes it to the audit log. Any member may (RLS:
 * appointments_update, status column only). The show rate counts these.
 */
export async function markAppointmentAttendance({
  tx,
  actor,
  input,
  now,
}: {
  tx: Tx;
  actor: Actor;
  input: MarkAttendanceInput;
  now: Date;
}): Promise<{ id: string; status: MarkAttendanceInput["status"]; previous: string }> {
  const appointment = await getAppointment(tx, { orgId: actor.orgId, id: input.appointmentId });
  if (!appointment) throw new AppError("not_found", "That appointment does not exist.");
  if (!MARKABLE.has(appointment.status)) {
    throw new AppError(
      "conflict",
      `This meeting was ${appointment.status === "pending" ? "never confirmed" : appointment.status}: there is no attendance to record.`,
    );
  }
  if (input.status !== "booked" && appointment.startAt.getTime() > now.getTime()) {
    throw new AppError("conflict", "The meeting has not started yet: mark it once it has taken place.");
  }
  if (appointment.status === input.status) {
    return { id: appointment.id, status: input.status, previous: appointment.status };
  }
  const updated = rowsOf(
    await tx.execute(sql`
      update public.appointments set status = ${input.status}, updated_at = ${now.toISOString()}
      where id = ${appointment.id} and org_id = ${actor.orgId} and status = ${appointment.status}
      returning id`),
  );
  if (updated.length === 0)
    throw new AppError("conflict", "The appointment changed meanwhile; reload and try again.");
  await insertAuditEntry(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: "appointments.attendance",
    targetType: "appointment",
    targetId: appointment.id,
    count: 1,
    data: { from: appointment.status, to: input.status },
  });
  return { id: appointment.id, status: input.status, previous: appointment.status };
}
