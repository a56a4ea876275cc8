"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDbHandle } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { currentContext } from "@/lib/next/request-auth";
import { actionClient } from "@/lib/next/safe-action";
import { reverifyAppointment } from "@/lib/services/calendar/reverify-appointment";

const reverifyAppointmentSchema = z.object({ appointmentId: z.uuid("Pick an appointment.") });

/**
 * Re-verify one appointment of the member's organization against Cal.com and repair our record.
 * Not `orgActionClient`: that holds a database transaction open, and this waits on Cal.com.
 * Returns `{ verifiable, message, changes }`.
 */
export const reverifyAppointmentAction = actionClient
  .inputSchema(reverifyAppointmentSchema)
  .action(async ({ parsedInput }) => {
    const ctx = await currentContext();
    if (!ctx) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
    if (!ctx.org) throw new AppError("forbidden", "Create or join an organization first.");
    const { db } = await getDbHandle();
    const result = await reverifyAppointment({
      db,
      orgId: ctx.org.orgId,
      appointmentId: parsedInput.appointmentId,
      now: new Date(),
    });
    if (result.changes.length) revalidatePath("/appointments");
    return result;
  });
