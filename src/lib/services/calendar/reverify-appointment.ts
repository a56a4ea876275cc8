import { env } from "@/env";
import type { Database, Tx } from "@/lib/db/client";
import {
  type Appointment,
  findSuccessorUid,
  getAppointment,
  getAppointmentByUid,
  insertCalcomAppointment,
  lockOrgAppointments,
  setAppointmentSuccessor,
  updateAppointment,
} from "@/lib/db/queries/appointments";
import { withService } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import {
  type CalcomBookingState,
  type CalcomCalendar,
  createCalcomCalendar,
} from "@/lib/integrations/calendar";
import { CalendarError } from "@/lib/integrations/calendar/types";
import { logger } from "@/lib/logger";
import { loadProviderCredentials } from "../credentials/provider-credentials";
import { refreshLeadAfterAppointments } from "./link-booking-to-lead";

export type ReverifyResult = {
  /** False for built-in appointments: they live only here. */
  verifiable: boolean;
  message: string;
  /** What was repaired, one line each ("status: booked -> cancelled"); empty when all matched. */
  changes: string[];
};

// A chain of reschedules longer than this is followed on the next re-verify.
const MAX_HOPS = 5;

async function calcomCalendarFor(db: Database, orgId: string): Promise<CalcomCalendar> {
  const credentials = await loadProviderCredentials(db, orgId, "calcom");
  if (!credentials)
    throw new AppError("unavailable", "No Cal.com key is connected, so the booking cannot be checked.");
  const baseUrl = env().CALCOM_BASE_URL;
  // Reading a booking needs no event type; the id only labels bookings this adapter makes.
  return createCalcomCalendar({
    apiKey: credentials.apiKey,
    eventTypeId: 0,
    ...(baseUrl ? { baseUrl } : {}),
  });
}

/**
 * Re-verify: reads an appointment's booking back from Cal.com (following reschedules to the
 * current booking) and repairs our record: status, times, cancellation reason, and the reschedule
 * chain. A completed or no-show meeting is not reopened by Cal.com saying it is booked.
 */
export async function reverifyAppointment({
  db,
  orgId,
  appointmentId,
  now,
  calendar,
}: {
  db: Database;
  orgId: string;
  appointmentId: string;
  now: Date;
  /** Tests pass one; otherwise the organization's (or the environment's) Cal.com account. */
  calendar?: CalcomCalendar;
}): Promise<ReverifyResult> {
  const row = await withService((tx) => getAppointment(tx, { orgId, id: appointmentId }), db);
  if (!row) throw new AppError("not_found", "That appointment does not exist.");
  if (row.source !== "calcom" || !row.calcomBookingUid)
    return {
      verifiable: false,
      message: "This appointment is in the built-in calendar: there is nothing to verify.",
      changes: [],
    };
  const cal = calendar ?? (await calcomCalendarFor(db, orgId));
  const chain: CalcomBookingState[] = [];
  try {
    let uid: string | null = row.calcomBookingUid;
    while (uid && chain.length < MAX_HOPS && !chain.some((s) => s.uid === uid)) {
      const state: CalcomBookingState | null = await cal.getBooking(uid);
      if (!state) break;
      // Older API versions report a rescheduled booking as cancelled without naming its successor:
      // the chain a webhook already recorded here is the successor then.
      const ours = state.rescheduledToUid
        ? null
        : await withService((tx) => findSuccessorUid(tx, { orgId, uid: state.uid }), db);
      if (ours && state.status === "cancelled") state.rescheduledToUid = ours;
      chain.push(state);
      uid = state.rescheduledToUid;
    }
  } catch (error) {
    if (error instanceof CalendarError)
      throw new AppError(error.kind === "auth" ? "forbidden" : "unavailable", error.message);
    throw error;
  }
  if (chain.length === 0)
    return {
      verifiable: true,
      message: "Cal.com does not know this booking (another account, or deleted); nothing was changed.",
      changes: [],
    };
  const changes = await withService(async (tx) => {
    await lockOrgAppointments(tx, { orgId });
    const out: string[] = [];
    let previous: Appointment | null = null;
    for (const [i, state] of chain.entries()) {
      const successor = chain[i + 1] ?? null;
      let current = await getAppointmentByUid(tx, { orgId, uid: state.uid });
      if (!current && previous) {
        await insertCalcomAppointment(tx, {
          orgId,
          leadId: previous.leadId,
          campaignId: previous.campaignId,
          callId: successor ? null : previous.callId,
          status: successor ? "rescheduled" : state.status,
          startAt: state.start,
          endAt: state.end,
          timezone: previous.timezone,
          title: previous.title,
          calcomBookingUid: state.uid,
          calcomEventTypeId: previous.calcomEventTypeId,
          cancellationReason: state.status === "cancelled" && !successor ? state.cancellationReason : null,
          rescheduledToId: null,
          now,
        });
        out.push(`added the rescheduled booking ${state.uid}`);
        current = await getAppointmentByUid(tx, { orgId, uid: state.uid });
      }
      if (!current) break;
      if (previous && previous.rescheduledToId !== current.id) {
        await setAppointmentSuccessor(tx, { orgId, id: previous.id, successorId: current.id, now });
        out.push(`${previous.calcomBookingUid}: rescheduled to ${state.uid}`);
      }
      out.push(...(await repair(tx, current, state, successor !== null, now)));
      await refreshLeadAfterAppointments(tx, orgId, current.leadId, now);
      previous = await getAppointmentByUid(tx, { orgId, uid: state.uid });
    }
    return out;
  }, db);
  logger.info("calendar: appointment re-verified", { orgId, appointmentId, changes: changes.length });
  return {
    verifiable: true,
    message: changes.length ? "Repaired from Cal.com." : "Matches Cal.com.",
    changes,
  };
}

/** Brings one row in line with Cal.com; a rescheduled booking only needs its status. */
async function repair(
  tx: Tx,
  row: Appointment,
  state: CalcomBookingState,
  rescheduled: boolean,
  now: Date,
): Promise<string[]> {
  const kept = !rescheduled && state.status !== "cancelled" && ["completed", "no_show"].includes(row.status);
  const status = rescheduled ? "rescheduled" : kept ? row.status : state.status;
  const start = state.start.toISOString();
  const end = state.end.toISOString();
  const reason = status === "cancelled" ? (state.cancellationReason ?? row.cancellationReason) : null;
  const label = row.calcomBookingUid;
  const changes: string[] = [];
  if (status !== row.status) changes.push(`${label}: status ${row.status} -> ${status}`);
  if (!rescheduled && start !== row.startAt.toISOString())
    changes.push(`${label}: start ${row.startAt.toISOString()} -> ${start}`);
  if (!rescheduled && end !== row.endAt.toISOString())
    changes.push(`${label}: end ${row.endAt.toISOString()} -> ${end}`);
  if (changes.length === 0 && reason === row.cancellationReason) return [];
  await updateAppointment(tx, {
    orgId: row.orgId,
    id: row.id,
    status,
    startAt: rescheduled ? row.startAt : state.start,
    endAt: rescheduled ? row.endAt : state.end,
    cancellationReason: reason,
    now,
  });
  return changes;
}
