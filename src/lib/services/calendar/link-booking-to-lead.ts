import type { CountryCode } from "libphonenumber-js";
import type { Tx } from "@/lib/db/client";
import { leadAppointmentState } from "@/lib/db/queries/appointments";
import { type BookingLead, findLatestLeadBy, setLeadStatusFromAppointments } from "@/lib/db/queries/leads";
import { getOrganization } from "@/lib/db/queries/organizations";
import { normalizePhone } from "@/lib/leads/normalize/phone";

/*
 * Shared by the Cal.com webhook and re-verify: which lead a booking belongs to, and what an
 * appointment change does to the lead.
 */

/** A booking's lead; known from an earlier appointment, its campaign may have been deleted since. */
export type LinkedLead = Omit<BookingLead, "campaignId"> & { campaignId: string | null };

/** Booked or waiting for the host: a meeting that will happen. */
export const LIVE_STATUSES = ["booked", "pending"];
/** Never undone by a late or repeated event: the booking's story has moved on. */
export const SETTLED_STATUSES = ["cancelled", "rescheduled", "completed", "no_show"];

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
    const lead = await findLatestLeadBy(tx, { orgId, by: { id: booking.leadId } });
    if (lead) return { lead, by: "metadata" };
  }
  for (const email of booking.emails) {
    const lead = await findLatestLeadBy(tx, { orgId, by: { email } });
    if (lead) return { lead, by: "email" };
  }
  if (booking.phones.length === 0) return null;
  const org = await getOrganization(tx, { orgId });
  for (const raw of booking.phones) {
    const phone = normalizePhone(raw, (org?.defaultCountry ?? "US") as CountryCode);
    if (!phone.ok) continue;
    const lead = await findLatestLeadBy(tx, { orgId, by: { phone: phone.e164 } });
    if (lead) return { lead, by: "phone" };
  }
  return null;
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
  const row = await leadAppointmentState(tx, { orgId, leadId });
  if (!row) return null;
  let next: "booked" | "pending" | null = null;
  if (row.live && !["booked", "do_not_call", "calling"].includes(row.status)) next = "booked";
  else if (
    !row.live &&
    row.settledOnly &&
    row.status === "booked" &&
    row.campaignStatus === "active" &&
    row.attempts < (row.maxAttempts ?? 0)
  )
    next = "pending";
  if (!next) return null;
  await setLeadStatusFromAppointments(tx, { orgId, leadId, status: next, now });
  return next;
}
