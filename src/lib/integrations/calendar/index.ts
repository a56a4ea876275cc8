import "server-only";

/*
 * The calendar port: what services use. The built-in calendar (the organization's business hours)
 * and Cal.com (API v2) are picked per organization by src/lib/services/calendar/calendar-for.ts;
 * Cal.com's webhook scheme and payloads are read here into domain events (CalcomBookingEvent).
 */
export { createBuiltinCalendar } from "./builtin/builtin-calendar";
export { wallToInstant } from "./builtin/free-slots";
export { type CalcomBookingState, type CalcomCalendar, createCalcomCalendar } from "./calcom/calcom-calendar";
export {
  CALCOM_NO_SECRET,
  type CalcomBookingEvent,
  calcomSignatureMatches,
  claimedCalcomOrgId,
  readCalcomWebhook,
} from "./calcom/webhook";
export { type Calendar, CalendarError } from "./types";
