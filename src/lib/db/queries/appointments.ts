import { and, asc, desc, eq, ilike, or, type SQL, sql } from "drizzle-orm";
import type { CappedCount } from "@/lib/schemas/list";
import { rowsOf, type Tx } from "../client";
import { appointments, campaigns, leads } from "../schema";
import { countCapped } from "./capped-count";
import { containsPattern } from "./like";

/*
 * Appointments: booked during calls (the book_appointment tool), linked from Cal.com's webhooks and
 * re-verify (service role, `orgId` explicit), and listed on the appointments and lead pages
 * (members, under RLS).
 *
 * Statements that pick live appointments keep `status in ('booked', 'pending')` literal: the
 * partial unique index appointments_call_id_key is defined with it.
 */

export type Appointment = typeof appointments.$inferSelect;
type Lead = typeof leads.$inferSelect;
type Campaign = typeof campaigns.$inferSelect;

/**
 * Serialises bookings within one organization until the transaction ends: the in-call booking,
 * Cal.com's webhooks and re-verify take it, so a booking's own webhook finds the row the call wrote
 * and two calls cannot take one built-in slot.
 */
export async function lockOrgAppointments(tx: Tx, { orgId }: { orgId: string }): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`appointments:${orgId}`}))`);
}

export async function getAppointment(
  tx: Tx,
  { orgId, id }: { orgId: string; id: string },
): Promise<Appointment | undefined> {
  const [row] = await tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.orgId, orgId), eq(appointments.id, id)));
  return row;
}

export async function getAppointmentByUid(
  tx: Tx,
  { orgId, uid }: { orgId: string; uid: string },
): Promise<Appointment | null> {
  const [row] = await tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.orgId, orgId), eq(appointments.calcomBookingUid, uid)));
  return row ?? null;
}

/** The uid of the booking a rescheduled one was replaced by, as a webhook recorded it. */
export async function findSuccessorUid(
  tx: Tx,
  { orgId, uid }: { orgId: string; uid: string },
): Promise<string | null> {
  const [row] = rowsOf<{ uid: Appointment["calcomBookingUid"] }>(
    await tx.execute(sql`select b.calcom_booking_uid as uid from public.appointments a
      join public.appointments b on b.id = a.rescheduled_to_id and b.org_id = a.org_id
      where a.org_id = ${orgId} and a.calcom_booking_uid = ${uid} and a.status = 'rescheduled'`),
  );
  return row?.uid ?? null;
}

type NewCalcomAppointment = Pick<
  Appointment,
  | "orgId"
  | "leadId"
  | "campaignId"
  | "callId"
  | "status"
  | "startAt"
  | "endAt"
  | "timezone"
  | "title"
  | "calcomEventTypeId"
  | "cancellationReason"
  | "rescheduledToId"
> & { calcomBookingUid: string; now: Date };

export async function insertCalcomAppointment(tx: Tx, a: NewCalcomAppointment): Promise<string> {
  const [row] = rowsOf<Pick<Appointment, "id">>(
    await tx.execute(sql`
      insert into public.appointments (org_id, lead_id, campaign_id, call_id, source, status, start_at, end_at,
        timezone, title, calcom_booking_uid, calcom_event_type_id, cancellation_reason, rescheduled_to_id,
        created_at, updated_at)
      values (${a.orgId}, ${a.leadId}, ${a.campaignId}, ${a.callId}, 'calcom', ${a.status},
        ${a.startAt.toISOString()}, ${a.endAt.toISOString()}, ${a.timezone}, ${a.title}, ${a.calcomBookingUid},
        ${a.calcomEventTypeId}, ${a.cancellationReason}, ${a.rescheduledToId}, ${a.now.toISOString()},
        ${a.now.toISOString()})
      returning id`),
  );
  if (!row) throw new Error("appointment insert returned nothing");
  return row.id;
}

/** A meeting the agent booked during a call (`source`: the calendar that took it). */
export async function insertCallAppointment(
  tx: Tx,
  a: Pick<
    Appointment,
    | "orgId"
    | "leadId"
    | "campaignId"
    | "callId"
    | "source"
    | "status"
    | "startAt"
    | "endAt"
    | "timezone"
    | "title"
    | "notes"
    | "calcomBookingUid"
    | "calcomEventTypeId"
  >,
): Promise<void> {
  await tx.execute(sql`
    insert into public.appointments (org_id, lead_id, campaign_id, call_id, source, status, start_at, end_at,
      timezone, title, notes, calcom_booking_uid, calcom_event_type_id)
    values (${a.orgId}, ${a.leadId}, ${a.campaignId}, ${a.callId}, ${a.source}, ${a.status},
      ${a.startAt.toISOString()}, ${a.endAt.toISOString()}, ${a.timezone}, ${a.title},
      ${a.notes}, ${a.calcomBookingUid}, ${a.calcomEventTypeId})`);
}

/** The call's live (booked or pending) appointment: at most one (appointments_call_id_key). */
export async function findLiveAppointmentOfCall(
  tx: Tx,
  { orgId, callId }: { orgId: string; callId: string },
): Promise<Pick<Appointment, "startAt" | "status"> | undefined> {
  const [row] = rowsOf<Pick<Appointment, "startAt" | "status">>(
    await tx.execute(sql`select start_at as "startAt", status from public.appointments
      where call_id = ${callId} and org_id = ${orgId} and status in ('booked', 'pending')`),
  );
  return row;
}

/** The id of the call's latest live appointment, if any. */
export async function findLatestLiveAppointmentIdOfCall(
  tx: Tx,
  { orgId, callId }: { orgId: string; callId: string },
): Promise<string | null> {
  const [row] = rowsOf<Pick<Appointment, "id">>(
    await tx.execute(sql`select id from public.appointments
      where call_id = ${callId} and org_id = ${orgId} and status in ('booked', 'pending')
      order by created_at desc limit 1`),
  );
  return row?.id ?? null;
}

/** Points a rescheduled appointment at the one that replaced it (re-verify repairing the chain). */
export async function setAppointmentSuccessor(
  tx: Tx,
  { orgId, id, successorId, now }: { orgId: string; id: string; successorId: string; now: Date },
): Promise<void> {
  await tx.execute(sql`update public.appointments set rescheduled_to_id = ${successorId},
    updated_at = ${now.toISOString()} where id = ${id} and org_id = ${orgId}`);
}

/** Points a rescheduled appointment at its successor, unless it points somewhere already. */
export async function linkRescheduleSuccessor(
  tx: Tx,
  { orgId, id, successorId }: { orgId: string; id: string; successorId: string },
): Promise<void> {
  await tx.execute(sql`update public.appointments set rescheduled_to_id = ${successorId}
    where id = ${id} and org_id = ${orgId} and status = 'rescheduled' and rescheduled_to_id is null`);
}

/** Sets an appointment's status and times (and, with `cancellationReason`, its reason too). */
export async function updateAppointment(
  tx: Tx,
  {
    orgId,
    id,
    status,
    startAt,
    endAt,
    cancellationReason,
    now,
  }: Pick<Appointment, "orgId" | "id" | "status" | "startAt" | "endAt"> & {
    cancellationReason?: string | null;
    now: Date;
  },
): Promise<void> {
  await tx.execute(sql`update public.appointments set status = ${status},
    start_at = ${startAt.toISOString()}, end_at = ${endAt.toISOString()},
    ${cancellationReason === undefined ? sql`` : sql`cancellation_reason = ${cancellationReason},`}
    updated_at = ${now.toISOString()} where id = ${id} and org_id = ${orgId}`);
}

/** The booking moved to another time: this one is superseded (its reason, if it had one, goes). */
export async function markAppointmentRescheduled(
  tx: Tx,
  { orgId, id, now }: { orgId: string; id: string; now: Date },
): Promise<void> {
  await tx.execute(sql`update public.appointments set status = 'rescheduled', cancellation_reason = null,
    updated_at = ${now.toISOString()} where id = ${id} and org_id = ${orgId}`);
}

export async function cancelAppointment(
  tx: Tx,
  { orgId, id, reason, now }: { orgId: string; id: string; reason: string | null; now: Date },
): Promise<void> {
  await tx.execute(sql`update public.appointments set status = 'cancelled',
    cancellation_reason = ${reason}, updated_at = ${now.toISOString()} where id = ${id} and org_id = ${orgId}`);
}

type LeadAppointmentState = Pick<Lead, "status" | "attempts"> & {
  campaignStatus: Campaign["status"] | null;
  maxAttempts: Campaign["maxAttempts"] | null;
  /** The lead has a booked or pending appointment. */
  live: boolean;
  /** The lead had appointments, and every one was cancelled or rescheduled. */
  settledOnly: boolean;
};

/** What a lead's appointments say about it, with the lead's status and its campaign's. */
export async function leadAppointmentState(
  tx: Tx,
  { orgId, leadId }: { orgId: string; leadId: string },
): Promise<LeadAppointmentState | undefined> {
  const [row] = rowsOf<LeadAppointmentState>(
    await tx.execute(sql`
      select l.status, l.attempts, c.status as "campaignStatus", c.max_attempts as "maxAttempts",
        exists (select 1 from public.appointments a where a.lead_id = l.id and a.org_id = l.org_id
          and a.status in ('booked', 'pending')) as live,
        (exists (select 1 from public.appointments a where a.lead_id = l.id and a.org_id = l.org_id)
          and not exists (select 1 from public.appointments a where a.lead_id = l.id and a.org_id = l.org_id
            and a.status not in ('cancelled', 'rescheduled'))) as "settledOnly"
      from public.leads l left join public.campaigns c on c.id = l.campaign_id and c.org_id = l.org_id
      where l.id = ${leadId} and l.org_id = ${orgId}`),
  );
  return row;
}

/** Live appointments overlapping [from, to): the built-in calendar's busy times. */
export async function listBusyAppointments(
  tx: Tx,
  { orgId, from, to }: { orgId: string; from: Date; to: Date },
): Promise<Pick<Appointment, "startAt" | "endAt">[]> {
  return rowsOf<Pick<Appointment, "startAt" | "endAt">>(
    await tx.execute(sql`select start_at as "startAt", end_at as "endAt" from public.appointments
      where org_id = ${orgId} and status in ('booked', 'pending')
        and start_at < ${to.toISOString()} and end_at > ${from.toISOString()}`),
  );
}

/** What an email about the appointment says: when, in which zone, and its Cal.com booking. */
export async function getAppointmentForEmail(
  tx: Tx,
  { orgId, id }: { orgId: string; id: string },
): Promise<Pick<Appointment, "startAt" | "timezone" | "calcomBookingUid"> | undefined> {
  const [row] = await tx
    .select({
      startAt: appointments.startAt,
      timezone: appointments.timezone,
      calcomBookingUid: appointments.calcomBookingUid,
    })
    .from(appointments)
    .where(and(eq(appointments.id, id), eq(appointments.orgId, orgId)));
  return row;
}

type AppointmentDueEmail = Pick<Appointment, "id" | "orgId" | "leadId" | "campaignId" | "callId"> & {
  /** Null when the appointment has no campaign. */
  disabledEmailKinds: Campaign["disabledEmailKinds"] | null;
  /** The organization turned this kind's template off. */
  templateOff: boolean;
};

/**
 * Booked appointments still ahead that have no `kind` email yet and are due one, soonest first:
 * a reminder when starting within 24 hours and booked over an hour ago (not reminded right after
 * the confirmation); a confirmation when one of our calls, now ended, made it in the last day
 * (the call's follow-up found no appointment yet).
 */
export async function listAppointmentsDueEmail(
  tx: Tx,
  { kind, now, limit }: { kind: "reminder" | "confirmation"; now: Date; limit: number },
): Promise<AppointmentDueEmail[]> {
  const at = now.toISOString();
  const which =
    kind === "reminder"
      ? sql`a.start_at <= ${new Date(now.getTime() + 24 * 3_600_000).toISOString()}::timestamptz
            and a.created_at <= ${new Date(now.getTime() - 3_600_000).toISOString()}::timestamptz`
      : sql`a.created_at > ${new Date(now.getTime() - 24 * 3_600_000).toISOString()}::timestamptz
            and exists (select 1 from public.calls c where c.id = a.call_id and c.status = 'ended')`;
  return rowsOf<AppointmentDueEmail>(
    await tx.execute(sql`
      select a.id, a.org_id as "orgId", a.lead_id as "leadId", a.campaign_id as "campaignId", a.call_id as "callId",
             k.disabled_email_kinds as "disabledEmailKinds",
             coalesce((select not t.enabled from public.email_templates t
                       where t.org_id = a.org_id and t.kind = ${kind}), false) as "templateOff"
      from public.appointments a left join public.campaigns k on k.id = a.campaign_id
      where a.status = 'booked' and a.start_at > ${at}::timestamptz and ${which}
        and not exists (select 1 from public.emails e where e.org_id = a.org_id
                        and e.dedupe_key = ${kind} || '/' || a.id || '/' || a.lead_id)
      order by a.start_at limit ${limit}`),
  );
}

// ---------------------------------------------------------------------------------------------
// The appointments page's stat cards (members, under RLS)

/** Statuses of a meeting that still counts (not cancelled, not replaced by a reschedule). */
const COUNTED = sql`('booked', 'pending', 'completed', 'no_show')`;

/**
 * Counts for the stat cards: today and this week (Monday to Sunday) in `zone`, upcoming from
 * `now`, in all, and how many completed or were missed.
 */
export async function countAppointmentsByPeriod(
  tx: Tx,
  { orgId, now, zone }: { orgId: string; now: Date; zone: string },
) {
  const at = now.toISOString();
  // Local midnight and local Monday in `zone`, back as instants.
  const dayStart = sql`(date_trunc('day', ${at}::timestamptz at time zone ${zone}) at time zone ${zone})`;
  const dayEnd = sql`((date_trunc('day', ${at}::timestamptz at time zone ${zone}) + interval '1 day') at time zone ${zone})`;
  const weekStart = sql`(date_trunc('week', ${at}::timestamptz at time zone ${zone}) at time zone ${zone})`;
  const weekEnd = sql`((date_trunc('week', ${at}::timestamptz at time zone ${zone}) + interval '7 days') at time zone ${zone})`;
  const [totals] = rowsOf<{
    today: number;
    thisWeek: number;
    upcoming: number;
    total: number;
    completed: number;
    noShow: number;
  }>(
    await tx.execute(sql`
      select
        count(*) filter (where status in ${COUNTED} and start_at >= ${dayStart} and start_at < ${dayEnd})::int as today,
        count(*) filter (where status in ${COUNTED} and start_at >= ${weekStart} and start_at < ${weekEnd})::int as "thisWeek",
        count(*) filter (where status in ('booked', 'pending') and start_at >= ${at}::timestamptz)::int as upcoming,
        count(*) filter (where status in ${COUNTED})::int as total,
        count(*) filter (where status = 'completed')::int as completed,
        count(*) filter (where status = 'no_show')::int as "noShow"
      from public.appointments
      where org_id = ${orgId}`),
  );
  return {
    today: Number(totals?.today ?? 0),
    thisWeek: Number(totals?.thisWeek ?? 0),
    upcoming: Number(totals?.upcoming ?? 0),
    total: Number(totals?.total ?? 0),
    completed: Number(totals?.completed ?? 0),
    noShow: Number(totals?.noShow ?? 0),
  };
}

/** Counted meetings per campaign, most first (at most `top`); `campaignId` null for none. */
export async function countAppointmentsByCampaign(
  tx: Tx,
  { orgId, top }: { orgId: string; top: number },
): Promise<{ campaignId: string | null; campaignName: string | null; count: number }[]> {
  const rows = rowsOf<{ campaignId: string | null; campaignName: string | null; n: number }>(
    await tx.execute(sql`
      select a.campaign_id as "campaignId", c.name as "campaignName", count(*)::int as n
      from public.appointments a
      left join public.campaigns c on c.id = a.campaign_id
      where a.org_id = ${orgId} and a.status in ${COUNTED}
      group by a.campaign_id, c.name
      order by n desc, c.name asc nulls last
      limit ${top}`),
  );
  return rows.map((r) => ({ campaignId: r.campaignId, campaignName: r.campaignName, count: Number(r.n) }));
}

// ---------------------------------------------------------------------------------------------
// The appointments table (members, under RLS)

export type AppointmentFilter = {
  /** Meetings that have not started by `now`, or those that have. */
  tab: "upcoming" | "past";
  now: Date;
  q?: string;
  status?: Appointment["status"];
  campaignId?: string;
  source?: Appointment["source"];
  leadId?: string;
};

/** `%text%` for ILIKE, with the pattern characters in `text` taken literally. */

/**
 * The search box: a lead's name (first, last or both), email, company or phone. Digits in the text
 * also match the phone however it is written ("(415) 555-0100" finds +14155550100).
 */
function searchFilter(q: string): SQL | undefined {
  const like = containsPattern(q);
  const parts: SQL[] = [
    ilike(leads.firstName, like),
    ilike(leads.lastName, like),
    ilike(leads.email, like),
    ilike(leads.company, like),
    ilike(leads.phone, like),
  ];
  const words = q.split(/\s+/).filter(Boolean);
  if (words.length > 1) {
    // "Ada Lovelace": every word in the first or last name.
    const every = and(
      ...words.map(
        (w) => or(ilike(leads.firstName, containsPattern(w)), ilike(leads.lastName, containsPattern(w)))!,
      ),
    );
    if (every) parts.push(every);
  }
  const digits = q.replace(/\D/g, "");
  if (digits.length >= 3) parts.push(ilike(leads.phone, containsPattern(digits)));
  return or(...parts);
}

function appointmentFilter(orgId: string, filter: AppointmentFilter): SQL | undefined {
  const at = filter.now.toISOString();
  const where: SQL[] = [eq(appointments.orgId, orgId)];
  // Dates go into SQL as ISO strings (postgres-js rejects Date parameters).
  where.push(
    filter.tab === "upcoming"
      ? sql`${appointments.startAt} >= ${at}::timestamptz`
      : sql`${appointments.startAt} < ${at}::timestamptz`,
  );
  if (filter.status) where.push(eq(appointments.status, filter.status));
  if (filter.campaignId) where.push(eq(appointments.campaignId, filter.campaignId));
  if (filter.source) where.push(eq(appointments.source, filter.source));
  if (filter.leadId) where.push(eq(appointments.leadId, filter.leadId));
  if (filter.q) {
    const search = searchFilter(filter.q);
    if (search) where.push(search);
  }
  return and(...where);
}

/**
 * How many appointments match, up to the cap (`countCapped`). Their leads are joined only for a
 * search, which matches lead fields: joined always, the count hashed every lead of the
 * organization to count 10,000 appointments.
 */
export async function countAppointments(
  tx: Tx,
  { orgId, filter }: { orgId: string; filter: AppointmentFilter },
): Promise<CappedCount> {
  let matching = tx.select({ id: appointments.id }).from(appointments).$dynamic();
  if (filter.q) matching = matching.innerJoin(leads, eq(leads.id, appointments.leadId));
  return countCapped(tx, matching.where(appointmentFilter(orgId, filter)));
}

const listColumns = {
  id: appointments.id,
  leadId: appointments.leadId,
  firstName: leads.firstName,
  lastName: leads.lastName,
  company: leads.company,
  email: leads.email,
  phone: leads.phone,
  leadTimezone: leads.timezone,
  campaignId: appointments.campaignId,
  campaignName: campaigns.name,
  callId: appointments.callId,
  source: appointments.source,
  status: appointments.status,
  startAt: appointments.startAt,
  endAt: appointments.endAt,
  timezone: appointments.timezone,
  title: appointments.title,
  calcomBookingUid: appointments.calcomBookingUid,
  cancellationReason: appointments.cancellationReason,
};

/**
 * One page of appointments with their lead and campaign: upcoming soonest first, past latest
 * first, walking appointments_org_id_start_at_idx (start_at, id) forwards or backwards.
 */
export async function listAppointmentsPage(
  tx: Tx,
  {
    orgId,
    filter,
    limit,
    offset,
  }: { orgId: string; filter: AppointmentFilter; limit: number; offset: number },
) {
  const order =
    filter.tab === "upcoming"
      ? [asc(appointments.startAt), asc(appointments.id)]
      : [desc(appointments.startAt), desc(appointments.id)];
  return tx
    .select(listColumns)
    .from(appointments)
    .innerJoin(leads, eq(leads.id, appointments.leadId))
    .leftJoin(campaigns, eq(campaigns.id, appointments.campaignId))
    .where(appointmentFilter(orgId, filter))
    .orderBy(...order)
    .limit(limit)
    .offset(offset);
}

export type AppointmentListRow = Awaited<ReturnType<typeof listAppointmentsPage>>[number];

/** One appointment with its lead and campaign, as a list row, plus its notes and last change. */
export async function getAppointmentRow(tx: Tx, { orgId, id }: { orgId: string; id: string }) {
  const [row] = await tx
    .select({ ...listColumns, notes: appointments.notes, updatedAt: appointments.updatedAt })
    .from(appointments)
    .innerJoin(leads, eq(leads.id, appointments.leadId))
    .leftJoin(campaigns, eq(campaigns.id, appointments.campaignId))
    .where(and(eq(appointments.orgId, orgId), eq(appointments.id, id)))
    .limit(1);
  return row ?? null;
}

/** A lead's appointments, latest first (at most `limit`). */
export async function listAppointmentsOfLead(
  tx: Tx,
  { orgId, leadId, limit }: { orgId: string; leadId: string; limit: number },
): Promise<AppointmentListRow[]> {
  return tx
    .select(listColumns)
    .from(appointments)
    .innerJoin(leads, eq(leads.id, appointments.leadId))
    .leftJoin(campaigns, eq(campaigns.id, appointments.campaignId))
    .where(and(eq(appointments.orgId, orgId), eq(appointments.leadId, leadId)))
    .orderBy(desc(appointments.startAt), desc(appointments.id))
    .limit(limit);
}

/** The appointments booked on one call, in booking order (the call page). */
export async function listAppointmentsOfCall(tx: Tx, { callId }: { callId: string }) {
  return tx
    .select({
      id: appointments.id,
      status: appointments.status,
      source: appointments.source,
      startAt: appointments.startAt,
      endAt: appointments.endAt,
      timezone: appointments.timezone,
      title: appointments.title,
      calcomBookingUid: appointments.calcomBookingUid,
    })
    .from(appointments)
    .where(eq(appointments.callId, callId))
    .orderBy(asc(appointments.createdAt), asc(appointments.id));
}
