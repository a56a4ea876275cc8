import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { appointments, campaigns, emails, leads } from "@/lib/db/schema";
import type { Actor } from "../organizations/roles";

/**
 * One email of the actor's organization with its rendered message, lead, campaign and appointment,
 * or null when the id is malformed or names no email the actor may see (RLS applies).
 */
export async function getEmail({ tx, actor, emailId }: { tx: Tx; actor: Actor; emailId: string }) {
  if (!z.uuid().safeParse(emailId).success) return null;
  const [row] = await tx
    .select({
      email: {
        id: emails.id,
        kind: emails.kind,
        status: emails.status,
        reason: emails.reason,
        transport: emails.transport,
        toAddress: emails.toAddress,
        fromAddress: emails.fromAddress,
        subject: emails.subject,
        html: emails.html,
        text: emails.text,
        providerMessageId: emails.providerMessageId,
        callId: emails.callId,
        createdAt: emails.createdAt,
        sentAt: emails.sentAt,
        deliveredAt: emails.deliveredAt,
        updatedAt: emails.updatedAt,
      },
      lead: {
        id: leads.id,
        firstName: leads.firstName,
        lastName: leads.lastName,
        company: leads.company,
        timezone: leads.timezone,
      },
      campaign: { id: campaigns.id, name: campaigns.name },
      appointment: {
        id: appointments.id,
        startAt: appointments.startAt,
        timezone: appointments.timezone,
        status: appointments.status,
      },
    })
    .from(emails)
    .leftJoin(leads, eq(leads.id, emails.leadId))
    .leftJoin(campaigns, eq(campaigns.id, emails.campaignId))
    .leftJoin(appointments, eq(appointments.id, emails.appointmentId))
    // The org filter says what is meant; RLS would hide another organization's email anyway.
    .where(and(eq(emails.id, emailId), eq(emails.orgId, actor.orgId)))
    .limit(1);
  return row ?? null;
}
export type EmailDetail = NonNullable<Awaited<ReturnType<typeof getEmail>>>;
