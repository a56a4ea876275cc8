import type { Database, Tx } from "@/lib/db/client";
import {
  type Appointment,
  cancelAppointment,
  getAppointmentByUid,
  insertCalcomAppointment,
  linkRescheduleSuccessor,
  lockOrgAppointments,
  markAppointmentRescheduled,
  updateAppointment,
} from "@/lib/db/queries/appointments";
import { findCallWithoutLiveAppointment } from "@/lib/db/queries/calls";
import { getOrganization } from "@/lib/db/queries/organizations";
import { findCalcomCancellationOf, findCalcomRescheduleOf } from "@/lib/db/queries/webhook-events";
import { withService } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import {
  CALCOM_NO_SECRET,
  type CalcomBookingEvent,
  calcomSignatureMatches,
  claimedCalcomOrgId,
  readCalcomWebhook,
} from "@/lib/integrations/calendar";
import type { Queue } from "@/lib/integrations/queue/types";
import { logger } from "@/lib/logger";
import { loadProviderCredentials } from "../credentials/provider-credentials";
import { eventScope, ingestWebhookEvent, readOrKeepRejected } from "../webhooks/webhook-store";
import {
  findLeadForBooking,
  LIVE_STATUSES,
  type LinkedLead,
  refreshLeadAfterAppointments,
  SETTLED_STATUSES,
} from "./link-booking-to-lead";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function orgExists(db: Database, orgId: string): Promise<boolean> {
  return Boolean(await withService((tx) => getOrganization(tx, { orgId }), db));
}

/**
 * Which organization a Cal.com webhook speaks for, and that it is signed: the organization is the
 * `?org=` of the subscriber URL (bookings made in Cal.com directly carry nothing of ours) or else
 * the `orgId` we put in the booking's metadata; the signature must match that organization's
 * Cal.com webhook secret or the environment's CALCOM_WEBHOOK_SECRET. Throws `unauthorized` (401)
 * before anything is written.
 */
export async function authenticateCalcomRequest({
  db,
  rawBody,
  signature,
  orgParam,
  environmentSecret,
}: {
  db: Database;
  rawBody: string;
  signature: string | null;
  orgParam: string | null;
  environmentSecret: string | undefined;
}): Promise<{ orgId: string | null }> {
  if (!signature) throw new AppError("unauthorized", "Missing X-Cal-Signature-256.");
  if (signature.trim() === CALCOM_NO_SECRET)
    throw new AppError("unauthorized", "The Cal.com webhook has no secret: set one in Cal.com and here.");
  if (orgParam !== null && !UUID.test(orgParam)) throw new AppError("unauthorized", "Unknown organization.");
  const claimed = orgParam?.toLowerCase() ?? claimedCalcomOrgId(rawBody);
  const orgId = claimed && (await orgExists(db, claimed)) ? claimed : null;
  const secrets: string[] = [];
  if (orgId) {
    try {
      const creds = await loadProviderCredentials(db, orgId, "calcom");
      if (creds?.webhookSecret) secrets.push(creds.webhookSecret);
    } catch (error) {
      // A secret that cannot be opened (no ENCRYPTION_KEY, rotated key) must not hide the environment's.
      logger.warn("calcom: organization webhook secret unavailable", {
        orgId,
        error: error instanceof Error ? error.message : "unknown",
      });
    }
  }
  if (environmentSecret) secrets.push(environmentSecret);
  if (!secrets.some((s) => calcomSignatureMatches(rawBody, signature.trim(), s)))
    throw new AppError("unauthorized", "Invalid webhook signature.");
  return { orgId };
}

/**
 * A Cal.com webhook: verify (401, nothing written), parse (422), store once under
 * `<trigger>:<uid>:<createdAt>` and apply it to the organization's appointments and leads.
 * Applying is idempotent and order-tolerant. A failed application answers 500 and is queued to
 * apply again (Cal.com's own retries are undocumented; re-verify repairs what is still missed).
 */
export async function acceptCalcomEvent({
  db,
  rawBody,
  signature,
  orgParam,
  environmentSecret,
  now,
  queue,
}: {
  db: Database;
  rawBody: string;
  signature: string | null;
  orgParam: string | null;
  environmentSecret: string | undefined;
  now: Date;
  queue: Queue;
}) {
  const { orgId } = await authenticateCalcomRequest({ db, rawBody, signature, orgParam, environmentSecret });
  const scope = eventScope(orgId ? "organization" : "environment", orgId);
  const { event, eventKey, payload } = await readOrKeepRejected(
    db,
    {
      provider: "calcom",
      scope: eventScope(orgId ? "organization" : "environment", orgId),
      rawBody,
      orgId,
      now,
    },
    () => readCalcomWebhook(rawBody),
  );
  return ingestWebhookEvent(
    db,
    {
      provider: "calcom",
      eventKey: `${scope}:${eventKey}`,
      type: event.trigger,
      orgId,
      callId: null,
      payload,
      now,
    },
    async () => {
      if (!orgId) {
        logger.info("calcom: event for no known organization stored only", { trigger: event.trigger });
        return;
      }
      await applyStoredCalcomEvent({ db, orgId, payload, now });
    },
    queue,
  );
}

/**
 * Applies a verified Cal.com webhook body to one organization: the webhook route, and the place
 * for a re-apply of a stored `calcom` event (`apply-webhook-event.ts`).
 */
export async function applyStoredCalcomEvent({
  db,
  orgId,
  payload,
  now,
}: {
  db: Database;
  orgId: string;
  payload: unknown;
  now: Date;
}): Promise<string> {
  const { event } = readCalcomWebhook(payload);
  const result = await withService(async (tx) => {
    // The lock book_appointment holds while it books: our own booking's BOOKING_CREATED waits
    // for the in-call insert and then finds the row instead of making a second one.
    await lockOrgAppointments(tx, { orgId });
    return applyCalcomEvent(tx, orgId, event, now);
  }, db);
  logger.info("calcom: event applied", { orgId, trigger: event.trigger, result });
  return result;
}

/** Why a booking is already settled, learned from events that arrived before its creation. */
async function earlierFate(
  tx: Tx,
  orgId: string,
  uid: string,
): Promise<{ status: "cancelled" | "rescheduled"; reason: string | null; toUid: string | null } | null> {
  const moved = await findCalcomRescheduleOf(tx, { orgId, uid });
  if (moved) return { status: "rescheduled", reason: null, toUid: moved.toUid };
  const cancelled = await findCalcomCancellationOf(tx, { orgId, uid });
  return cancelled ? { status: "cancelled", reason: cancelled.reason, toUid: null } : null;
}

/** Applies one booking event; returns what it did, for the log. Runs under the appointments lock. */
export async function applyCalcomEvent(
  tx: Tx,
  orgId: string,
  e: CalcomBookingEvent,
  now: Date,
): Promise<string> {
  if (!e.uid) return "no booking uid";
  const touched = new Set<string>();
  let result: string;
  switch (e.trigger) {
    case "BOOKING_CREATED":
    case "BOOKING_REQUESTED":
      result =
        e.previousUid && (await getAppointmentByUid(tx, { orgId, uid: e.previousUid }))
          ? await rescheduled(tx, orgId, e, now, touched)
          : await created(tx, orgId, e, now, touched);
      break;
    case "BOOKING_RESCHEDULED":
      result = await rescheduled(tx, orgId, e, now, touched);
      break;
    case "BOOKING_CANCELLED":
    case "BOOKING_REJECTED":
      result = await cancelled(tx, orgId, e, now, touched);
      break;
    default:
      return `ignored ${e.trigger}`;
  }
  for (const leadId of touched) await refreshLeadAfterAppointments(tx, orgId, leadId, now);
  return result;
}

function liveStatusOf(e: CalcomBookingEvent): "booked" | "pending" {
  if (e.status === "pending" || (e.status === null && e.trigger === "BOOKING_REQUESTED")) return "pending";
  return "booked";
}

/** Confirms a known row: never reopens a settled one, never turns booked back into pending. */
async function confirm(tx: Tx, row: Appointment, e: CalcomBookingEvent, now: Date): Promise<string> {
  if (SETTLED_STATUSES.includes(row.status)) return `kept ${row.status}`;
  const status = row.status === "booked" ? "booked" : liveStatusOf(e);
  const startAt = e.start ?? row.startAt;
  const endAt = e.end ?? row.endAt;
  if (
    status === row.status &&
    startAt.getTime() === row.startAt.getTime() &&
    endAt.getTime() === row.endAt.getTime()
  )
    return "unchanged";
  await updateAppointment(tx, { orgId: row.orgId, id: row.id, status, startAt, endAt, now });
  return `confirmed ${status}`;
}

async function insertFor(
  tx: Tx,
  orgId: string,
  e: CalcomBookingEvent & { uid: string },
  lead: LinkedLead,
  callId: string | null,
  now: Date,
): Promise<string | null> {
  if (!e.start || !e.end) return null;
  const fate = await earlierFate(tx, orgId, e.uid);
  const successor = fate?.toUid ? await getAppointmentByUid(tx, { orgId, uid: fate.toUid }) : null;
  const status = fate && (fate.status === "cancelled" || successor) ? fate.status : liveStatusOf(e);
  return insertCalcomAppointment(tx, {
    orgId,
    leadId: lead.id,
    campaignId: lead.campaignId,
    callId:
      LIVE_STATUSES.includes(status) && callId
        ? await findCallWithoutLiveAppointment(tx, { orgId, leadId: lead.id, callId })
        : null,
    status,
    startAt: e.start,
    endAt: e.end,
    timezone: e.timeZone ?? lead.timezone,
    title: e.title ?? "Cal.com booking",
    calcomBookingUid: e.uid,
    calcomEventTypeId: e.eventTypeId,
    cancellationReason: fate?.status === "cancelled" ? (fate.reason ?? e.cancellationReason) : null,
    rescheduledToId: successor?.id ?? null,
    now,
  });
}

async function created(
  tx: Tx,
  orgId: string,
  e: CalcomBookingEvent,
  now: Date,
  touched: Set<string>,
): Promise<string> {
  const uid = e.uid as string;
  const row = await getAppointmentByUid(tx, { orgId, uid });
  if (row) {
    touched.add(row.leadId);
    return confirm(tx, row, e, now);
  }
  const found = await findLeadForBooking(tx, orgId, {
    leadId: e.ours.leadId,
    emails: e.emails,
    phones: e.phones,
  });
  if (!found) return "no lead matches the attendee: stored only";
  const id = await insertFor(tx, orgId, { ...e, uid }, found.lead, e.ours.callId, now);
  if (!id) return "booking has no times: stored only";
  touched.add(found.lead.id);
  return `created, linked by ${found.by}`;
}

async function rescheduled(
  tx: Tx,
  orgId: string,
  e: CalcomBookingEvent,
  now: Date,
  touched: Set<string>,
): Promise<string> {
  const uid = e.uid as string;
  const old = e.previousUid ? await getAppointmentByUid(tx, { orgId, uid: e.previousUid }) : null;
  // The old booking stops being live first: it may hold the call's one live appointment.
  if (old && ["booked", "pending", "cancelled"].includes(old.status)) {
    await markAppointmentRescheduled(tx, { orgId, id: old.id, now });
  }
  let next = await getAppointmentByUid(tx, { orgId, uid });
  let how: string;
  if (next) {
    how = await confirm(tx, next, e, now);
  } else {
    const found = old
      ? {
          lead: { id: old.leadId, campaignId: old.campaignId, timezone: old.timezone, firstName: null },
          by: "old booking",
        }
      : await findLeadForBooking(tx, orgId, { leadId: e.ours.leadId, emails: e.emails, phones: e.phones });
    if (!found) return "no lead matches the attendee: stored only";
    const callId = old?.callId ?? e.ours.callId;
    const id = await insertFor(
      tx,
      orgId,
      { ...e, uid, title: e.title ?? old?.title ?? null },
      found.lead,
      callId,
      now,
    );
    if (!id) return "booking has no times: stored only";
    next = await getAppointmentByUid(tx, { orgId, uid });
    how = `created, linked by ${found.by}`;
  }
  if (!next) return how;
  touched.add(next.leadId);
  if (old) {
    touched.add(old.leadId);
    await linkRescheduleSuccessor(tx, { orgId, id: old.id, successorId: next.id });
  }
  return `${old ? "rescheduled" : "new booking (old one unknown)"}; ${how}`;
}

async function cancelled(
  tx: Tx,
  orgId: string,
  e: CalcomBookingEvent,
  now: Date,
  touched: Set<string>,
): Promise<string> {
  const row = await getAppointmentByUid(tx, { orgId, uid: e.uid as string });
  if (!row) return "unknown booking: stored (a late creation will read it)";
  touched.add(row.leadId);
  if (!LIVE_STATUSES.includes(row.status)) return `kept ${row.status}`;
  await cancelAppointment(tx, { orgId, id: row.id, reason: e.cancellationReason, now });
  return "cancelled";
}
