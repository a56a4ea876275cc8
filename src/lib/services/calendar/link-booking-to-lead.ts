import { sql } from "drizzle-orm";
import type { CountryCode } from "libphonenumber-js";
import { rowsOf, type Tx } from "@/lib/db/client";
import { normalizePhone } from "@/lib/leads/normalize/phone";

/*
 * Shared by the Cal.com webhook and re-verify: which lead a booking belongs to, the appointment
 * rows it touches, and what an appointment change does to the lead.
 */

export type AppointmentRow = {
  id: string;
  lead_id: string;
  campaign_id: string | null;
  call_id: string | null;
  source: string;
  status: string;
  start_at: Date;
  end_at: Date;
  timezone: string;
  title: string;
  calcom_booking_uid: string | null;
  calcom_event_type_id: number | null;
  rescheduled_to_id: string | null;
  cancellation_reason: string | null;
};

export type LinkedLead = {
  id: string;
  campaign_id: string | null;
  timezone: string;
  first_name: string | null;
};

/** Booked or waiting for the host: a meeting that will happen. */
export const LIVE_STATUSES = ["booked", "pending"];
/** Never undone by a late or repeated event: the booking's story has moved on. */
export const SETTLED_STATUSES = ["cancelled", "rescheduled", "completed", "no_show"];

export async function appointmentByUid(tx: Tx, orgId: string, uid: string): Promise<AppointmentRow | null> {
  const [row] = rowsOf<AppointmentRow>(
    await tx.execute(
      sql`select * from public.appointments where org_id = ${orgId} and calcom_booking_uid = ${uid}`,
    ),
  );
  return row ?? null;
}

async function leadWhere(tx: Tx, orgId: string, where: ReturnType<typeof sql>): Promise<LinkedLead | null> {
  const [row] = rowsOf<LinkedLead>(
    await tx.execute(sql`select id, campaign_id, timezone, first_name from public.leads
      where org_id = ${orgId} and ${where} order by created_at desc, id desc limit 1`),
  );
  return row ?? null;
}

/**
 * The lead a booking belongs to. Rule, first match wins: the lead id we put in the booking's
 * metadata (bookings made during our calls); else the organization's most recently created lead
 * with one of the attendees' emails (case-insensitive); else its most recently created lead with
 * one of the booking's phone numbers (attendee phone, the phone booking field, the SMS reminder
 * number), read as E.164 with the organization's default country. The most recent lead because a
 * person imported into several campaigns most likely booked after the latest one reached them.
 */
export async function findLeadForBooking(
  tx: Tx,
  orgId: string,
  booking: { leadId: string | null; emails: string[]; phones: string[] },
): Promise<{ lead: LinkedLead; by: "metadata" | "email" | "phone" } | null> {
  if (booking.leadId) {
    const lead = await leadWhere(tx, orgId, sql`id = ${booking.leadId}`);
    if (lead) return { lead, by: "metadata" };
  }
  for (const email of booking.emails) {
    const lead = await leadWhere(tx, orgId, sql`lower(email) = ${email.toLowerCase()}`);
    if (lead) return { lead, by: "email" };
  }
  if (booking.phones.length === 0) return null;
  const [org] = rowsOf<{ default_country: string }>(
    await tx.execute(sql`select default_country from public.organizations where id = ${orgId}`),
  );
  for (const raw of booking.phones) {
    const phone = normalizePhone(raw, (org?.default_country ?? "US") as CountryCode);
    if (!phone.ok) continue;
    const lead = await leadWhere(tx, orgId, sql`phone = ${phone.e164}`);
    if (lead) return { lead, by: "phone" };
  }
  return null;
}

/** The call id from our booking metadata, if it is this lead's call and has no live appointment yet. */
export async function usableCallId(
  tx: Tx,
  orgId: string,
  leadId: string,
  callId: string | null,
): Promise<string | null> {
  if (!callId) return null;
  const [row] = rowsOf<{ id: string }>(
    await tx.execute(sql`select c.id from public.calls c where c.id = ${callId} and c.org_id = ${orgId}
      and c.lead_id = ${leadId} and not exists (select 1 from public.appointments a
        where a.call_id = c.id and a.status in ('booked', 'pending'))`),
  );
  return row?.id ?? null;
}

export type NewAppointment = {
  orgId: string;
  lead: LinkedLead;
  callId: string | null;
  status: string;
  start: Date;
  end: Date;
  timezone: string;
  title: string;
  uid: string;
  eventTypeId: number | null;
  cancellationReason: string | null;
  rescheduledToId: string | null;
  now: Date;
};

export async function insertCalcomAppointment(tx: Tx, a: NewAppointment): Promise<string> {
  const [row] = rowsOf<{ id: string }>(
    await tx.execute(sql`
      insert into public.appointments (org_id, lead_id, campaign_id, call_id, source, status, start_at, end_at,
        timezone, title, calcom_booking_uid, calcom_event_type_id, cancellation_reason, rescheduled_to_id,
        created_at, updated_at)
      values (${a.orgId}, ${a.lead.id}, ${a.lead.campaign_id}, ${a.callId}, 'calcom', ${a.status},
        ${a.start.toISOString()}, ${a.end.toISOString()}, ${a.timezone}, ${a.title}, ${a.uid}, ${a.eventTypeId},
        ${a.cancellationReason}, ${a.rescheduledToId}, ${a.now.toISOString()}, ${a.now.toISOString()})
      returning id`),
  );
  if (!row) throw new Error("appointment insert returned nothing");
  return row.id;
}

/**
 * What the lead's appointments say about the lead. A live (booked or pending) appointment makes
 * the lead `booked` (not a do-not-call lead, and not one on a call right now: that call's outcome
 * decides). When every appointment the lead ever had was cancelled (a reschedule always leaves a
 * successor; a completed or no-show meeting is not undone), a `booked` lead goes back to `pending`,
 * due now, so the dialer calls to rebook, but only while its campaign is active and it has
 * attempts left; otherwise it stays `booked` and the appointments page shows the cancellation.
 * Returns the new status, or null when it did not change.
 */
export async function refreshLeadAfterAppointments(
  tx: Tx,
  orgId: string,
  leadId: string,
  now: Date,
): Promise<string | null> {
  const [row] = rowsOf<{
    status: string;
    attempts: number;
    campaign_status: string | null;
    max_attempts: number | null;
    live: boolean;
    settled_only: boolean;
  }>(
    await tx.execute(sql`
      select l.status, l.attempts, c.status as campaign_status, c.max_attempts,
        exists (select 1 from public.appointments a where a.lead_id = l.id and a.org_id = l.org_id
          and a.status in ('booked', 'pending')) as live,
        (exists (select 1 from public.appointments a where a.lead_id = l.id and a.org_id = l.org_id)
          and not exists (select 1 from public.appointments a where a.lead_id = l.id and a.org_id = l.org_id
            and a.status not in ('cancelled', 'rescheduled'))) as settled_only
      from public.leads l left join public.campaigns c on c.id = l.campaign_id and c.org_id = l.org_id
      where l.id = ${leadId} and l.org_id = ${orgId}`),
  );
  if (!row) return null;
  let next: string | null = null;
  if (row.live && !["booked", "do_not_call", "calling"].includes(row.status)) next = "booked";
  else if (
    !row.live &&
    row.settled_only &&
    row.status === "booked" &&
    row.campaign_status === "active" &&
    row.attempts < (row.max_attempts ?? 0)
  )
    next = "pending";
  if (!next) return null;
  await tx.execute(sql`update public.leads set status = ${next}, next_attempt_at = null,
    updated_at = ${now.toISOString()} where id = ${leadId} and org_id = ${orgId}`);
  return next;
}
