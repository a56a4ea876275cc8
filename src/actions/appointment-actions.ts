"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDbHandle } from "@/lib/db";
import { memberActionClient } from "@/lib/next/safe-action";
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
