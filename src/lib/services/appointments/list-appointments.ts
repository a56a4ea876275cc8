import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import {
  type AppointmentFilter,
  type AppointmentListRow,
  countAppointments,
  listAppointmentsOfLead,
  listAppointmentsPage,
} from "@/lib/db/queries/appointments";
import { pageWithin } from "@/lib/schemas/list";
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

/**
 * One page of the organization's appointments with their lead and campaign (RLS applies):
 * upcoming soonest first (meetings that have not started by `now`), or past latest first. The
 * search box matches a lead's name, email, company or phone. The count stops at the cap (`capped`).
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
  const { orgId } = actor;
  const filter: AppointmentFilter = {
    tab: query.tab,
    now,
    q: query.q,
    status: query.status,
    campaignId: query.campaignId,
    source: query.source,
    leadId: query.leadId,
  };
  const total = await countAppointments(tx, { orgId, filter });
  const page = pageWithin(query.page, total, query.pageSize);
  const rows = await listAppointmentsPage(tx, {
    orgId,
    filter,
    limit: query.pageSize,
    offset: (page - 1) * query.pageSize,
  });
  return { rows, page, total: total.count, capped: total.capped, pageSize: query.pageSize };
}

export type AppointmentRow = AppointmentListRow;

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
  return listAppointmentsOfLead(tx, { orgId: actor.orgId, leadId, limit });
}
