import { z } from "zod";
import { optionalFullPhoneNumber } from "./phone-number";

/** ISO weekdays, 1 = Monday … 7 = Sunday (as `organizations.business_hours` stores them). */
export const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export const businessHoursSchema = z
  .object({
    days: z
      .array(z.number().int().min(1).max(7))
      .min(1, "Pick at least one day meetings can be booked on.")
      .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
    startMinute: z.number().int().min(0).max(1439),
    endMinute: z.number().int().min(1).max(1440),
  })
  .refine((h) => h.endMinute > h.startMinute, {
    path: ["endMinute"],
    message: "The day must end after it starts.",
  });

/** Booking settings the built-in calendar and the agent prompts use (admins). */
export const updateBookingSettingsSchema = z
  .object({
    businessHours: businessHoursSchema,
    appointmentMinutes: z
      .number("Enter the meeting length in minutes.")
      .int("Use whole minutes.")
      .min(5, "Meetings last at least 5 minutes.")
      .max(480, "Meetings last at most 8 hours."),
    callbackNumber: optionalFullPhoneNumber(
      "Enter a full number the lead can call, e.g. +1 415 555 0100.",
    ).nullable(),
  })
  .refine((s) => s.appointmentMinutes <= s.businessHours.endMinute - s.businessHours.startMinute, {
    path: ["appointmentMinutes"],
    message: "A meeting must fit within the business day.",
  });
export type BookingSettings = z.output<typeof updateBookingSettingsSchema>;
