import { and, asc, eq, gt, ilike, isNull, like, lte, ne, notInArray, or, type SQL, sql } from "drizzle-orm";
import type { CappedCount } from "@/lib/schemas/list";
import { rowsOf, type Tx } from "../client";
import {
  appointments,
  campaigns,
  type EmailKind,
  type EmailStatus,
  emailSuppressions,
  emails,
  emailTemplates,
  leads,
  type organizations,
} from "../schema";
import { countCapped } from "./capped-count";
import { containsPattern } from "./like";
import { descNullsLast } from "./order";

/*
 * Emails, their templates and the do-not-email list. The follow-up, reminder and send jobs, the
 * unsubscribe link and Resend's webhooks run as the service role (`orgId` explicit where the
 * organization is known); the outbox and the template editor run as members, under RLS.
 */

export type Email = typeof emails.$inferSelect;
type EmailTemplate = typeof emailTemplates.$inferSelect;
type EmailSuppression = typeof emailSuppressions.$inferSelect;
type Lead = typeof leads.$inferSelect;
type Organization = typeof organizations.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Writing and sending (service role)

/** Why the address gets nothing from this organization (unsubscribed, bounced, ...), or null. */
export async function findEmailSuppression(
  tx: Tx,
  { orgId, email }: { orgId: string; email: string },
): Promise<EmailSuppression["reason"] | null> {
  const [suppressed] = await tx
    .select({ reason: emailSuppressions.reason })
    .from(emailSuppressions)
    .where(and(eq(emailSuppressions.orgId, orgId), eq(emailSuppressions.email, email)));
  return suppressed?.reason ?? null;
}

/**
 * Puts an address on the organization's do-not-email list; the first reason stays. Returns the new
 * entry's id, or null when the address was on the list already.
 */
export async function insertEmailSuppression(
  tx: Tx,
  {
    orgId,
    email,
    reason,
    emailId,
    createdAt,
  }: Pick<EmailSuppression, "orgId" | "email" | "reason" | "emailId"> & {
    /** Default: the database's clock. */
    createdAt?: Date;
  },
): Promise<string | null> {
  const [row] = rowsOf<Pick<EmailSuppression, "id">>(
    await tx.execute(sql`
      insert into public.email_suppressions (org_id, email, reason, email_id${createdAt ? sql`, created_at` : sql``})
      values (${orgId}, ${email}, ${reason}, ${emailId}${createdAt ? sql`, ${createdAt.toISOString()}` : sql``})
      on conflict (org_id, email) do nothing
      returning id`),
  );
  return row?.id ?? null;
}

/** The email of this kind for this call or appointment and lead (`dedupe_key`), if it was written. */
export async function findEmailByDedupeKey(
  tx: Tx,
  { orgId, dedupeKey }: { orgId: string; dedupeKey: string },
): Promise<Pick<Email, "id" | "status" | "reason"> | undefined> {
  const [row] = await tx
    .select({ id: emails.id, status: emails.status, reason: emails.reason })
    .from(emails)
    .where(and(eq(emails.orgId, orgId), eq(emails.dedupeKey, dedupeKey)));
  return row;
}

/** What an email to a lead needs of it and its organization, and whether its number is on the do-not-call list. */
export type EmailLead = Pick<
  Lead,
  "firstName" | "lastName" | "company" | "email" | "phone" | "timezone" | "status"
> & {
  orgName: Organization["name"];
  callbackNumber: Organization["callbackNumber"];
  onDnc: boolean;
  /** In the trash: deleted as far as anyone can tell, so it gets no email. */
  trashed: boolean;
};

export async function getEmailLead(
  tx: Tx,
  { orgId, leadId }: { orgId: string; leadId: string },
): Promise<EmailLead | undefined> {
  const [lead] = rowsOf<EmailLead>(
    await tx.execute(sql`
      select l.first_name as "firstName", l.last_name as "lastName", l.company, l.email, l.phone, l.timezone,
             l.status, o.name as "orgName", o.callback_number as "callbackNumber",
             exists (select 1 from public.do_not_call d where d.org_id = l.org_id and d.phone = l.phone) as "onDnc",
             l.deleted_at is not null as trashed
      from public.leads l join public.organizations o on o.id = l.org_id
      where l.id = ${leadId} and l.org_id = ${orgId}`),
  );
  return lead;
}

/** The organization's own wording for a kind, if it saved one. */
export async function findEmailTemplate(
  tx: Tx,
  { orgId, kind }: { orgId: string; kind: EmailKind },
): Promise<Pick<EmailTemplate, "subject" | "body"> | undefined> {
  const [template] = await tx
    .select({ subject: emailTemplates.subject, body: emailTemplates.body })
    .from(emailTemplates)
    .where(and(eq(emailTemplates.orgId, orgId), eq(emailTemplates.kind, kind)));
  return template;
}

/** The kinds whose template the organization switched off. */
export async function listDisabledTemplateKinds(tx: Tx, { orgId }: { orgId: string }): Promise<EmailKind[]> {
  const off = await tx
    .select({ kind: emailTemplates.kind })
    .from(emailTemplates)
    .where(and(eq(emailTemplates.orgId, orgId), eq(emailTemplates.enabled, false)));
  return off.map((r) => r.kind);
}

type NewEmail = Pick<
  Email,
  | "orgId"
  | "leadId"
  | "callId"
  | "appointmentId"
  | "campaignId"
  | "kind"
  | "dedupeKey"
  | "transport"
  | "status"
  | "reason"
  | "toAddress"
  | "fromAddress"
  | "subject"
  | "html"
  | "text"
  | "unsubscribeToken"
> & { now: Date };

/** Writes the email once per dedupe key: null when a row with the key is there already. */
export async function insertEmail(tx: Tx, e: NewEmail): Promise<string | null> {
  const [row] = rowsOf<Pick<Email, "id">>(
    await tx.execute(sql`
      insert into public.emails (org_id, lead_id, call_id, appointment_id, campaign_id, kind, dedupe_key, transport,
        status, reason, to_address, from_address, subject, html, text, unsubscribe_token, created_at, updated_at)
      values (${e.orgId}, ${e.leadId}, ${e.callId}, ${e.appointmentId}, ${e.campaignId}, ${e.kind},
        ${e.dedupeKey}, ${e.transport}, ${e.status}, ${e.reason}, ${e.toAddress},
        ${e.fromAddress}, ${e.subject}, ${e.html}, ${e.text}, ${e.unsubscribeToken},
        ${e.now.toISOString()}, ${e.now.toISOString()})
      on conflict (org_id, dedupe_key) do nothing
      returning id`),
  );
  return row?.id ?? null;
}

/** Whether the lead got (or has queued) a missed-call note for a call other than this one. */
export async function hasMissedCallEmailForOtherCall(
  tx: Tx,
  { orgId, leadId, callId }: { orgId: string; leadId: string; callId: string },
): Promise<boolean> {
  const [earlier] = await tx
    .select({ id: emails.id })
    .from(emails)
    .where(
      and(
        eq(emails.orgId, orgId),
        eq(emails.leadId, leadId),
        eq(emails.kind, "missed_call"),
        or(isNull(emails.callId), ne(emails.callId, callId)),
        notInArray(emails.status, ["skipped", "failed"]),
      ),
    )
    .limit(1);
  return Boolean(earlier);
}

/** Emails still queued since `before` (their send job may be lost), oldest first. */
export async function listStaleQueuedEmails(
  tx: Tx,
  { before, limit }: { before: Date; limit: number },
): Promise<string[]> {
  const stale = await tx
    .select({ id: emails.id })
    .from(emails)
    .where(and(eq(emails.status, "queued"), lte(emails.updatedAt, before)))
    .orderBy(asc(emails.updatedAt))
    .limit(limit);
  return stale.map((r) => r.id);
}

type EmailToSend = Pick<
  Email,
  | "id"
  | "orgId"
  | "leadId"
  | "status"
  | "toAddress"
  | "fromAddress"
  | "subject"
  | "html"
  | "text"
  | "dedupeKey"
  | "unsubscribeToken"
>;

/** An email the send job was asked to send (the job names it by id alone). */
export async function getEmailToSend(
  tx: Tx,
  { emailId }: { emailId: string },
): Promise<EmailToSend | undefined> {
  const [email] = await tx
    .select({
      id: emails.id,
      orgId: emails.orgId,
      leadId: emails.leadId,
      status: emails.status,
      toAddress: emails.toAddress,
      fromAddress: emails.fromAddress,
      subject: emails.subject,
      html: emails.html,
      text: emails.text,
      dedupeKey: emails.dedupeKey,
      unsubscribeToken: emails.unsubscribeToken,
    })
    .from(emails)
    .where(eq(emails.id, emailId));
  return email;
}

/**
 * The lead's status, whether its number is on the do-not-call list and whether it is in the trash
 * (checked again before sending).
 */
export async function getLeadSendState(
  tx: Tx,
  { orgId, leadId }: { orgId: string; leadId: string | null },
): Promise<(Pick<Lead, "status"> & { onDnc: boolean; trashed: boolean }) | undefined> {
  const [lead] = rowsOf<Pick<Lead, "status"> & { onDnc: boolean; trashed: boolean }>(
    await tx.execute(sql`select l.status,
        exists (select 1 from public.do_not_call d where d.org_id = l.org_id and d.phone = l.phone) as "onDnc",
        l.deleted_at is not null as trashed
      from public.leads l where l.id = ${leadId} and l.org_id = ${orgId}`),
  );
  return lead;
}

/*
 * A send's outcome changes the email only while it is still queued: a redelivered send job finds
 * nothing to change.
 */

/** Not sent on purpose (skipped) or refused for good (failed), with the reason. */
export async function settleQueuedEmail(
  tx: Tx,
  { id, status, reason, now }: { id: string; status: "skipped" | "failed"; reason: string; now: Date },
): Promise<void> {
  await tx.execute(sql`update public.emails set status = ${status}, reason = ${reason}, updated_at = ${now.toISOString()}
    where id = ${id} and status = 'queued'`);
}

/** Handed to the transport: sent (Resend) or outboxed (local mode). */
export async function markEmailSent(
  tx: Tx,
  {
    id,
    status,
    transport,
    providerMessageId,
    now,
  }: Pick<Email, "id" | "transport" | "providerMessageId"> & { status: "sent" | "outboxed"; now: Date },
): Promise<void> {
  await tx.execute(sql`update public.emails set status = ${status}, transport = ${transport}, provider_message_id = ${providerMessageId},
      sent_at = ${now.toISOString()}, reason = null, updated_at = ${now.toISOString()}
    where id = ${id} and status = 'queued'`);
}

/** Still queued; why the send will be tried again. */
export async function noteEmailRetry(
  tx: Tx,
  { id, reason, now }: { id: string; reason: string; now: Date },
): Promise<void> {
  await tx.execute(sql`update public.emails set reason = ${reason}, updated_at = ${now.toISOString()}
    where id = ${id} and status = 'queued'`);
}

// ---------------------------------------------------------------------------------------------
// The unsubscribe link (anyone holding the token; service role)

export type UnsubscribeTarget = Pick<Email, "id" | "orgId"> & {
  orgName: Organization["name"];
  /** Lower-cased and trimmed. */
  toAddress: string;
  /** On the organization's do-not-email list already (for any reason). */
  suppressed: boolean;
};

/** The email an unsubscribe token belongs to, if it was sent to an address. */
export async function findEmailByUnsubscribeToken(
  tx: Tx,
  { token }: { token: string },
): Promise<UnsubscribeTarget | undefined> {
  const [row] = rowsOf<UnsubscribeTarget>(
    await tx.execute(sql`
      select e.id, e.org_id as "orgId", o.name as "orgName", lower(trim(e.to_address)) as "toAddress",
             exists (select 1 from public.email_suppressions s
                     where s.org_id = e.org_id and s.email = lower(trim(e.to_address))) as suppressed
      from public.emails e join public.organizations o on o.id = e.org_id
      where e.unsubscribe_token = ${token} and e.to_address is not null and trim(e.to_address) <> ''`),
  );
  return row;
}

// ---------------------------------------------------------------------------------------------
// Resend's delivery events (service role)

export type ResendEventEmail = Pick<Email, "id" | "orgId" | "callId" | "status" | "toAddress">;

/** Our email for a Resend event: by Resend's message id, else by the `email_id` tag we sent with it. */
export async function findEmailForResendEvent(
  tx: Tx,
  { providerMessageId, emailId }: { providerMessageId: string | null; emailId: string | null },
): Promise<ResendEventEmail | undefined> {
  const [row] = rowsOf<ResendEventEmail>(
    await tx.execute(sql`
      select id, org_id as "orgId", call_id as "callId", status, to_address as "toAddress" from public.emails
      where ${providerMessageId ? sql`provider_message_id = ${providerMessageId}` : sql`false`}
         or ${emailId ? sql`id = ${emailId}` : sql`false`}
      order by (provider_message_id is not distinct from ${providerMessageId}) desc
      limit 1`),
  );
  return row;
}

/*
 * Delivery events move an email's status forward only: a delivery reported after a bounce or
 * complaint (Resend does not promise order) leaves the email bounced/complained, a bounce never
 * replaces a complaint, and a failure applies only to an email not delivered yet.
 */

type DeliveredEmail = { orgId: string; id: string; now: Date };

export async function markEmailDelivered(tx: Tx, { orgId, id, now }: DeliveredEmail): Promise<void> {
  const at = now.toISOString();
  await tx.execute(sql`
    update public.emails set status = 'delivered', delivered_at = coalesce(delivered_at, ${at}), updated_at = ${at}
    where id = ${id} and org_id = ${orgId} and status not in ('bounced', 'complained', 'delivered')`);
}

export async function markEmailBounced(
  tx: Tx,
  { orgId, id, now, reason }: DeliveredEmail & { reason: string },
): Promise<void> {
  const at = now.toISOString();
  await tx.execute(sql`
    update public.emails set status = 'bounced', reason = ${reason}, updated_at = ${at}
    where id = ${id} and org_id = ${orgId} and status not in ('bounced', 'complained')`);
}

export async function markEmailComplained(tx: Tx, { orgId, id, now }: DeliveredEmail): Promise<void> {
  const at = now.toISOString();
  await tx.execute(sql`
    update public.emails set status = 'complained', reason = 'The recipient marked it as spam.', updated_at = ${at}
    where id = ${id} and org_id = ${orgId} and status <> 'complained'`);
}

/** Resend could not send it after accepting it. */
export async function markEmailFailedByProvider(
  tx: Tx,
  { orgId, id, now, reason }: DeliveredEmail & { reason: string },
): Promise<void> {
  const at = now.toISOString();
  await tx.execute(sql`
    update public.emails
    set status = 'failed', reason = ${reason},
        updated_at = ${at}
    where id = ${id} and org_id = ${orgId} and status in ('queued', 'sent')`);
}

// ---------------------------------------------------------------------------------------------
// Test sends from the template editor (service role, for the signed-in admin)

/** Whether this person sent a test email in the last `seconds` (the database's clock). */
export async function hasRecentTestEmail(
  tx: Tx,
  { orgId, userId, seconds }: { orgId: string; userId: string; seconds: number },
): Promise<boolean> {
  const [recent] = await tx
    .select({ id: emails.id })
    .from(emails)
    .where(
      and(
        eq(emails.orgId, orgId),
        eq(emails.kind, "test"),
        like(emails.dedupeKey, `test/%/${userId}`),
        gt(emails.createdAt, sql`now() - make_interval(secs => ${seconds})`),
      ),
    )
    .limit(1);
  return Boolean(recent);
}

export async function insertTestEmail(
  tx: Tx,
  values: Pick<
    Email,
    | "orgId"
    | "dedupeKey"
    | "transport"
    | "toAddress"
    | "fromAddress"
    | "subject"
    | "html"
    | "text"
    | "unsubscribeToken"
  >,
): Promise<string | undefined> {
  const [row] = await tx
    .insert(emails)
    .values({ ...values, leadId: null, kind: "test", status: "queued" })
    .returning({ id: emails.id });
  return row?.id;
}

/** The result of a test send: sent (or outboxed), or failed with the reason. */
export async function setTestEmailResult(
  tx: Tx,
  {
    orgId,
    id,
    result,
  }: {
    orgId: string;
    id: string;
    result:
      | { status: "sent" | "outboxed"; providerMessageId: string | null }
      | { status: "failed"; reason: string };
  },
): Promise<void> {
  await tx
    .update(emails)
    .set(
      result.status === "failed"
        ? { status: "failed", reason: result.reason, updatedAt: sql`now()` }
        : {
            status: result.status,
            providerMessageId: result.providerMessageId,
            sentAt: sql`now()`,
            updatedAt: sql`now()`,
          },
    )
    .where(and(eq(emails.orgId, orgId), eq(emails.id, id)));
}

// ---------------------------------------------------------------------------------------------
// The outbox (members, under RLS)

type EmailFilter = { status?: EmailStatus; kind?: EmailKind; leadId?: string; q?: string };

/** Search matches the address or the subject. */
function emailFilter(orgId: string, filter: EmailFilter): SQL | undefined {
  const where: SQL[] = [eq(emails.orgId, orgId)];
  if (filter.status) where.push(eq(emails.status, filter.status));
  if (filter.kind) where.push(eq(emails.kind, filter.kind));
  if (filter.leadId) where.push(eq(emails.leadId, filter.leadId));
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    const match = or(ilike(emails.toAddress, pattern), ilike(emails.subject, pattern));
    if (match) where.push(match);
  }
  return and(...where);
}

/** How many emails match, up to the cap (`countCapped`). */
export async function countEmails(
  tx: Tx,
  { orgId, filter }: { orgId: string; filter: EmailFilter },
): Promise<CappedCount> {
  return countCapped(tx, tx.select({ id: emails.id }).from(emails).where(emailFilter(orgId, filter)));
}

/**
 * One page of emails, newest first, with the lead's name: the page's emails off
 * emails_org_id_created_at_idx first, then only their leads (see `listCallsPage`).
 */
export async function listEmailsPage(
  tx: Tx,
  { orgId, filter, limit, offset }: { orgId: string; filter: EmailFilter; limit: number; offset: number },
) {
  const page = tx
    .select({
      id: emails.id,
      kind: emails.kind,
      status: emails.status,
      reason: emails.reason,
      transport: emails.transport,
      toAddress: emails.toAddress,
      subject: emails.subject,
      leadId: emails.leadId,
      callId: emails.callId,
      createdAt: emails.createdAt,
      sentAt: emails.sentAt,
    })
    .from(emails)
    .where(emailFilter(orgId, filter))
    .orderBy(descNullsLast(emails.createdAt), descNullsLast(emails.id))
    .limit(limit)
    .offset(offset)
    .as("page");
  return (
    tx
      .select({
        id: page.id,
        kind: page.kind,
        status: page.status,
        reason: page.reason,
        transport: page.transport,
        toAddress: page.toAddress,
        subject: page.subject,
        leadId: page.leadId,
        callId: page.callId,
        firstName: leads.firstName,
        lastName: leads.lastName,
        company: leads.company,
        createdAt: page.createdAt,
        sentAt: page.sentAt,
      })
      .from(page)
      // A lead can be deleted after its email was written; the email stays in the outbox.
      .leftJoin(leads, eq(leads.id, page.leadId))
      .orderBy(descNullsLast(page.createdAt), descNullsLast(page.id))
  );
}

/** One email with its rendered message, lead, campaign and appointment. */
export async function getEmailDetail(tx: Tx, { orgId, emailId }: { orgId: string; emailId: string }) {
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
    .where(and(eq(emails.id, emailId), eq(emails.orgId, orgId)))
    .limit(1);
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------
// Templates (members, under RLS; admins write)

export async function listEmailTemplateRows(tx: Tx, { orgId }: { orgId: string }): Promise<EmailTemplate[]> {
  return tx.select().from(emailTemplates).where(eq(emailTemplates.orgId, orgId));
}

/** Saves the organization's wording for a kind; undefined when RLS refused the write. */
export async function upsertEmailTemplate(
  tx: Tx,
  values: Pick<EmailTemplate, "orgId" | "kind" | "subject" | "body" | "enabled" | "updatedBy">,
): Promise<EmailTemplate | undefined> {
  const { orgId: _orgId, kind: _kind, ...changes } = values;
  const [row] = await tx
    .insert(emailTemplates)
    .values(values)
    .onConflictDoUpdate({
      target: [emailTemplates.orgId, emailTemplates.kind],
      set: { ...changes, updatedAt: sql`now()` },
    })
    .returning();
  return row;
}

export async function deleteEmailTemplate(
  tx: Tx,
  { orgId, kind }: { orgId: string; kind: EmailKind },
): Promise<void> {
  await tx.delete(emailTemplates).where(and(eq(emailTemplates.orgId, orgId), eq(emailTemplates.kind, kind)));
}
