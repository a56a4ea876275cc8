import type { AppointmentSource, AppointmentStatus } from "@/lib/services/appointments/list-appointments";

export const APPOINTMENT_STATUS_LABELS: Record<AppointmentStatus, string> = {
  booked: "Booked",
  pending: "Pending",
  cancelled: "Cancelled",
  rescheduled: "Rescheduled",
  completed: "Completed",
  no_show: "No-show",
};

export const APPOINTMENT_STATUS_VARIANT: Record<
  AppointmentStatus,
  "success" | "warning" | "destructive" | "secondary" | "outline"
> = {
  booked: "success",
  pending: "warning",
  cancelled: "secondary",
  rescheduled: "outline",
  completed: "success",
  no_show: "destructive",
};

export const APPOINTMENT_SOURCE_LABELS: Record<AppointmentSource, string> = {
  calcom: "Cal.com",
  builtin: "Built-in calendar",
};

/** "30 min", "1 h", "1 h 15 min". */
export function meetingLength(start: Date, end: Date): string {
  const minutes = Math.max(0, Math.round((end.getTime() - start.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** A Cal.com booking uid, short enough for a table cell ("abc123…xyz9"). */
export function shortUid(uid: string): string {
  return uid.length > 12 ? `${uid.slice(0, 6)}…${uid.slice(-4)}` : uid;
}
