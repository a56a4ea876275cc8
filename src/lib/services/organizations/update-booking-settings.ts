import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { organizations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { BookingSettings } from "@/lib/schemas/booking-settings";
import { type Actor, assertCanAdminister } from "./roles";

/**
 * Sets when the built-in calendar offers meetings (business days and hours in the organization's
 * default time zone), how long a meeting lasts, and the callback number the agent gives leads
 * (owners and admins). The organizations audit trigger records the change.
 */
export async function updateBookingSettings({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: BookingSettings;
}) {
  assertCanAdminister(actor);
  const [org] = await tx
    .update(organizations)
    .set({
      businessHours: {
        days: input.businessHours.days,
        startMinute: input.businessHours.startMinute,
        endMinute: input.businessHours.endMinute,
      },
      appointmentMinutes: input.appointmentMinutes,
      callbackNumber: input.callbackNumber,
      updatedAt: sql`now()`,
    })
    .where(eq(organizations.id, actor.orgId))
    .returning({
      businessHours: organizations.businessHours,
      appointmentMinutes: organizations.appointmentMinutes,
      callbackNumber: organizations.callbackNumber,
    });
  if (!org) throw new AppError("forbidden", "You can't change this organization.");
  return org;
}
