import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";
import { mailer as defaultMailer, MailError, type Mailer } from "@/lib/integrations/mail";
import { PermanentJobError } from "@/lib/integrations/queue/types";
import { logger } from "@/lib/logger";
import { emailLinkOrigin, suppressionReason } from "./write-email";

type EmailRow = {
  id: string;
  org_id: string;
  lead_id: string | null;
  status: string;
  to_address: string | null;
  from_address: string;
  subject: string;
  html: string;
  text: string;
  dedupe_key: string;
  unsubscribe_token: string;
};

export type SendEmailResult = { status: string; sent: boolean };

/**
 * Job `send-email`: sends one queued `emails` row. Only a queued row proceeds, so a redelivered
 * job after a send does nothing; the dedupe key is Resend's `Idempotency-Key`, so two deliveries
 * racing past the status check still make one email. Rate limits and outages throw (the queue
 * retries, the row stays queued with the error as its reason); a refused address or key fails
 * the row for good.
 */
export async function sendEmail({
  db,
  emailId,
  now,
  mailer = defaultMailer(),
}: {
  db: Database;
  emailId: string;
  now: Date;
  mailer?: Mailer;
}): Promise<SendEmailResult> {
  const checked = await withService(async (tx) => {
    const [email] = rowsOf<EmailRow>(
      await tx.execute(sql`select id, org_id, lead_id, status, to_address, from_address, subject, html, text,
          dedupe_key, unsubscribe_token
        from public.emails where id = ${emailId}`),
    );
    if (email?.status !== "queued") return { email: null, status: email?.status ?? "missing" };
    // The lead may have opted out, bounced or been put on the do-not-call list since the row was written.
    const [lead] = rowsOf<{ status: string; on_dnc: boolean }>(
      await tx.execute(sql`select l.status,
          exists (select 1 from public.do_not_call d where d.org_id = l.org_id and d.phone = l.phone) as on_dnc
        from public.leads l where l.id = ${email.lead_id} and l.org_id = ${email.org_id}`),
    );
    const reason = await suppressionReason(tx, email.org_id, {
      email: email.to_address,
      status: lead?.status ?? "pending",
      onDnc: lead?.on_dnc ?? false,
    });
    if (reason) {
      await tx.execute(sql`update public.emails set status = 'skipped', reason = ${reason}, updated_at = ${now.toISOString()}
        where id = ${email.id} and status = 'queued'`);
      return { email: null, status: "skipped" };
    }
    return { email, status: email.status };
  }, db);
  const email = checked.email;
  if (!email?.to_address) return { status: checked.status, sent: false };

  const unsubscribeUrl = `${emailLinkOrigin()}/unsubscribe/${email.unsubscribe_token}`;
  const update = (fields: ReturnType<typeof sql>) =>
    withService(
      (tx) =>
        tx.execute(sql`update public.emails set ${fields}, updated_at = ${now.toISOString()}
        where id = ${email.id} and status = 'queued'`),
      db,
    );
  try {
    const result = await mailer.send(
      {
        from: email.from_address,
        to: email.to_address,
        subject: email.subject,
        html: email.html,
        text: email.text,
        // RFC 8058 one-click unsubscribe: mail clients POST to the URL without a sign-in.
        headers: {
          "List-Unsubscribe": `<${unsubscribeUrl}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        tags: { email_id: email.id, org_id: email.org_id },
      },
      { idempotencyKey: email.dedupe_key },
    );
    const status = result.transport === "resend" ? "sent" : "outboxed";
    await update(sql`status = ${status}, transport = ${result.transport}, provider_message_id = ${result.providerMessageId},
      sent_at = ${now.toISOString()}, reason = null`);
    logger.info("email: sent", { emailId: email.id, transport: result.transport });
    return { status, sent: true };
  } catch (error) {
    if (!(error instanceof MailError)) throw error;
    if (error.kind === "rate_limited" || error.kind === "transient") {
      await update(sql`reason = ${`will retry: ${error.message}`}`);
      throw error;
    }
    await update(sql`status = 'failed', reason = ${error.message}`);
    logger.warn("email: send refused", { emailId: email.id, kind: error.kind });
    throw new PermanentJobError(error.message);
  }
}
