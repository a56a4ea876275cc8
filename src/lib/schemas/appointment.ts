import { z } from "zod";

/** What a member records after a meeting's start: it took place, the lead did not come, or undo. */
export const ATTENDANCE_STATUSES = ["completed", "no_show", "booked"] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const markAttendanceSchema = z.object({
  appointmentId: z.uuid("Pick an appointment."),
  status: z.enum(ATTENDANCE_STATUSES, "Choose completed, no-show or booked."),
});
export type MarkAttendanceInput = z.infer<typeof markAttendanceSchema>;
