import { sql } from "drizzle-orm";
import { env } from "@/env";
import { type Database, rowsOf, type Tx } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import {
  type CalcomBookingState,
  type CalcomCalendar,
  createCalcomCalendar,
} from "@/lib/integrations/calendar/calcom/calcom-calendar";
import { CalendarError } from "@/lib/integrations/calendar/types";
import { logger } from "@/lib/logger";
import { loadProviderCredentials } from "../credentials/provider-credentials";
import {
  type AppointmentRow,
  appointmentByUid,
  insertCalcomAppointment,
  refreshLeadAfterAppointments,
} from "./link-booking-to-lead";

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

const iso = (v: Date) => v.toISOString();

async function recordedSuccessorUid(db: Database, orgId: string, uid: string): Promise<string | null> {
  const [row] = await withService(
    async (tx) =>
      rowsOf<{ uid: string | null }>(
        await tx.execute(sql`select b.calcom_booking_uid as uid from public.appointments a
          join public.appointments b on b.id = a.rescheduled_to_id and b.org_id = a.org_id
          where a.org_id = ${orgId} and a.calcom_booking_uid = ${uid} and a.status = 'rescheduled'`),
      ),
    db,
  );
  return row?.uid ?? null;
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
  const [row] = await withService(
    async (tx) =>
      rowsOf<AppointmentRow>(
        await tx.execute(
          sql`select * from public.appointments where id = ${appointmentId} and org_id = ${orgId}`,
        ),
      ),
    db,
  );
  if (!row) throw new AppError("not_found", "That appointment does not exist.");
  if (row.source !== "calcom" || !row.calcom_booking_uid)
    return {
      verifiable: false,
      message: "This appointment is in the built-in calendar: there is nothing to verify.",
      changes: [],
    };
  const cal = calendar ?? (await calcomCalendarFor(db, orgId));
  const chain: CalcomBookingState[] = [];
  try {
    let uid: string | null = row.calcom_booking_uid;
    while (uid && chain.length < MAX_HOPS && !chain.some((s) => s.uid === uid)) {
      const state: CalcomBookingState | null = await cal.getBooking(uid);
      if (!state) break;
      // Older API versions report a rescheduled booking as cancelled without naming its successor:
      // the chain a webhook already recorded here is the successor then.
      const ours = state.rescheduledToUid ? null : await recordedSuccessorUid(db, orgId, state.uid);
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
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`appointments:${orgId}`}))`);
    const out: string[] = [];
    let previous: AppointmentRow | null = null;
    for (const [i, state] of chain.entries()) {
      const successor = chain[i + 1] ?? null;
      let current = await appointmentByUid(tx, orgId, state.uid);
      if (!current && previous) {
        await insertCalcomAppointment(tx, {
          orgId,
          lead: {
            id: previous.lead_id,
            campaign_id: previous.campaign_id,
            timezone: previous.timezone,
            first_name: null,
          },
          callId: successor ? null : previous.call_id,
          status: successor ? "rescheduled" : state.status,
          start: state.start,
          end: state.end,
          timezone: previous.timezone,
          title: previous.title,
          uid: state.uid,
          eventTypeId: previous.calcom_event_type_id,
          cancellationReason: state.status === "cancelled" && !successor ? state.cancellationReason : null,
          rescheduledToId: null,
          now,
        });
        out.push(`added the rescheduled booking ${state.uid}`);
        current = await appointmentByUid(tx, orgId, state.uid);
      }
      if (!current) break;
      if (previous && previous.rescheduled_to_id !== current.id) {
        await tx.execute(sql`update public.appointments set rescheduled_to_id = ${current.id},
          updated_at = ${now.toISOString()} where id = ${previous.id}`);
        out.push(`${previous.calcom_booking_uid}: rescheduled to ${state.uid}`);
      }
      out.push(...(await repair(tx, current, state, successor !== null, now)));
      await refreshLeadAfterAppointments(tx, orgId, current.lead_id, now);
      previous = await appointmentByUid(tx, orgId, state.uid);
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
  row: AppointmentRow,
  state: CalcomBookingState,
  rescheduled: boolean,
  now: Date,
): Promise<string[]> {
  const kept = !rescheduled && state.status !== "cancelled" && ["completed", "no_show"].includes(row.status);
  const status = rescheduled ? "rescheduled" : kept ? row.status : state.status;
  const start = state.start.toISOString();
  const end = state.end.toISOString();
  const reason = status === "cancelled" ? (state.cancellationReason ?? row.cancellation_reason) : null;
  const label = row.calcom_booking_uid;
  const changes: string[] = [];
  if (status !== row.status) changes.push(`${label}: status ${row.status} -> ${status}`);
  if (!rescheduled && start !== iso(row.start_at))
    changes.push(`${label}: start ${iso(row.start_at)} -> ${start}`);
  if (!rescheduled && end !== iso(row.end_at)) changes.push(`${label}: end ${iso(row.end_at)} -> ${end}`);
  if (changes.length === 0 && reason === row.cancellation_reason) return [];
  await tx.execute(sql`update public.appointments set status = ${status},
    start_at = ${rescheduled ? iso(row.start_at) : start}, end_at = ${rescheduled ? iso(row.end_at) : end},
    cancellation_reason = ${reason}, updated_at = ${now.toISOString()} where id = ${row.id}`);
  return changes;
}
