"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDbHandle } from "@/lib/db";
import { memberActionClient, orgActionClient } from "@/lib/next/safe-action";
import { markAttendanceSchema } from "@/lib/schemas/appointment";
import { markAppointmentAttendance } from "@/lib/services/appointments/mark-appointment-attendance";
import { reverifyAppointment } from "@/lib/services/calendar/reverify-appointment";

const reverifyAppointmentSchema = z.object({ appointmentId: z.uuid("Pick an appointment.") });

/**
 * Re-verify one appointment of the member's organization against Cal.com and repair our record.
 * Holds no member transaction (it waits on Cal.com): the service scopes every read and write to the
 * member's organization.
 * Returns `{ verifiable, message, changes }`.
 */
export const reverifyAppointmentAction = memberActionClient
  .inputSchema(reverifyAppointmentSchema)
  .action(async ({ parsedInput, ctx }) => {
    const { db } = await getDbHandle();
    const result = await reverifyAppointment({
      db,
      orgId: ctx.actor.orgId,
      appointmentId: parsedInput.appointmentId,
      now: new Date(),
    });
    if (result.changes.length) revalidatePath("/appointments");
    return result;
  });

/** Marks a meeting completed or no-show (or back to booked); audited. */
export const markAppointmentAttendanceAction = orgActionClient
  .inputSchema(markAttendanceSchema)
  .action(async ({ parsedInput, ctx }) => {
    const result = await markAppointmentAttendance({
      tx: ctx.tx,
      actor: ctx.actor,
      input: parsedInput,
      now: new Date(),
    });
    revalidatePath("/appointments");
    revalidatePath(`/appointments/${result.id}`);
    return result;
  });
