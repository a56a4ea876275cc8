import { and, asc, count, desc, eq, ilike, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { appointments, campaigns, leads } from "@/lib/db/schema";
import type { Actor } from "../organizations/roles";

export const APPOINTMENT_PAGE_SIZE = 25;
export const APPOINTMENT_STATUSES = [
  "booked",
  "pending",
  "cancelled",
  "rescheduled",
  "completed",
  "no_show",
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export const APPOINTMENT_SOURCES = ["calcom", "builtin"] as const;
export type AppointmentSource = (typeof APPOINTMENT_SOURCES)[number];
export const APPOINTMENT_TABS = ["upcoming", "past"] as const;

export const appointmentListQuerySchema = z.object({
  tab: z.enum(APPOINTMENT_TABS).catch("upcoming"),
  page: z.coerce.number().int().min(1).catch(1),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  status: z.enum(APPOINTMENT_STATUSES).optional().catch(undefined),
  campaignId: z.uuid().optional().catch(undefined),
  source: z.enum(APPOINTMENT_SOURCES).optional().catch(undefined),
  leadId: z.uuid().optional().catch(undefined),
  pageSize: z.coerce.number().int().min(1).max(100).catch(APPOINTMENT_PAGE_SIZE),
});
export type AppointmentListQuery = z.infer<typeof appointmentListQuerySchema>;

/** `%text%` for ILIKE, with the pattern characters in `text` taken literally. */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The search box: a lead's name (first, last or both), email, company or phone. Digits in the text
 * also match the phone however it is written ("(415) 555-0100" finds +14155550100).
 */
function searchFilter(q: string): SQL | undefined {
  const like = contains(q);
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
      ...words.map((w) => or(ilike(leads.firstName, contains(w)), ilike(leads.lastName, contains(w)))!),
    );
    if (every) parts.push(every);
  }
  const digits = q.replace(/\D/g, "");
  if (digits.length >= 3) parts.push(ilike(leads.phone, contains(digits)));
  return or(...parts);
}

/**
 * One page of the organization's appointments with their lead and campaign (RLS applies):
 * upcoming soonest first (meetings that have not started by `now`), or past latest first.
 */
export async function listAppointments({
  tx,
  actor,
  query,
  now,
}: {
  tx: Tx;
  actor: Actor;
  query: AppointmentListQuery;
  now: Date;
}) {
  const at = now.toISOString();
  const where: SQL[] = [eq(appointments.orgId, actor.orgId)];
  // Dates go into SQL as ISO strings (postgres-js rejects Date parameters).
  where.push(
    query.tab === "upcoming"
      ? sql`${appointments.startAt} >= ${at}::timestamptz`
      : sql`${appointments.startAt} < ${at}::timestamptz`,
  );
  if (query.status) where.push(eq(appointments.status, query.status));
  if (query.campaignId) where.push(eq(appointments.campaignId, query.campaignId));
  if (query.source) where.push(eq(appointments.source, query.source));
  if (query.leadId) where.push(eq(appointments.leadId, query.leadId));
  if (query.q) {
    const search = searchFilter(query.q);
    if (search) where.push(search);
  }
  const filter = and(...where);
  const [total] = await tx
    .select({ n: count() })
    .from(appointments)
    .innerJoin(leads, eq(leads.id, appointments.leadId))
    .where(filter);
  const totalCount = Number(total?.n ?? 0);
  const lastPage = Math.max(1, Math.ceil(totalCount / query.pageSize));
  const page = Math.min(query.page, lastPage);
  const order =
    query.tab === "upcoming"
      ? [asc(appointments.startAt), asc(appointments.id)]
      : [desc(appointments.startAt), desc(appointments.id)];
  const rows = await tx
    .select(appointmentColumns)
    .from(appointments)
    .innerJoin(leads, eq(leads.id, appointments.leadId))
    .leftJoin(campaigns, eq(campaigns.id, appointments.campaignId))
    .where(filter)
    .orderBy(...order)
    .limit(query.pageSize)
    .offset((page - 1) * query.pageSize);
  return { rows, page, total: totalCount, pageSize: query.pageSize };
}

const appointmentColumns = {
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

export type AppointmentRow = Awaited<ReturnType<typeof listAppointments>>["rows"][number];

/** A lead's appointments, latest first (at most `limit`), for the lead page (RLS applies). */
export async function listLeadAppointments({
  tx,
  actor,
  leadId,
  limit = 20,
}: {
  tx: Tx;
  actor: Actor;
  leadId: string;
  limit?: number;
}): Promise<AppointmentRow[]> {
  return tx
    .select(appointmentColumns)
    .from(appointments)
    .innerJoin(leads, eq(leads.id, appointments.leadId))
    .leftJoin(campaigns, eq(campaigns.id, appointments.campaignId))
    .where(and(eq(appointments.orgId, actor.orgId), eq(appointments.leadId, leadId)))
    .orderBy(desc(appointments.startAt), desc(appointments.id))
    .limit(limit);
}
