import type { Database } from "@/lib/db/client";
import {
  getEmailToSend,
  getLeadSendState,
  markEmailSent,
  noteEmailRetry,
  settleQueuedEmail,
} from "@/lib/db/queries/emails";
import { withService } from "@/lib/db/with-user";
import { mailer as defaultMailer, MailError, type Mailer } from "@/lib/integrations/mail";
import { PermanentJobError } from "@/lib/integrations/queue/types";
import { logger } from "@/lib/logger";
import { emailLinkOrigin, suppressionReason } from "./write-email";

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
    const email = await getEmailToSend(tx, { emailId });
    if (email?.status !== "queued") return { email: null, status: email?.status ?? "missing" };
    // The lead may have opted out, bounced, been put on the do-not-call list or deleted since the row was written.
    const lead = await getLeadSendState(tx, { orgId: email.orgId, leadId: email.leadId });
    const reason = await suppressionReason(tx, email.orgId, {
      email: email.toAddress,
      status: lead?.status ?? "pending",
      onDnc: lead?.onDnc ?? false,
      trashed: lead?.trashed ?? false,
    });
    if (reason) {
      await settleQueuedEmail(tx, { id: email.id, status: "skipped", reason, now });
      return { email: null, status: "skipped" };
    }
    return { email, status: email.status };
  }, db);
  const email = checked.email;
  if (!email?.toAddress) return { status: checked.status, sent: false };

  const unsubscribeUrl = `${emailLinkOrigin()}/unsubscribe/${email.unsubscribeToken}`;
  try {
    const result = await mailer.send(
      {
        from: email.fromAddress,
        to: email.toAddress,
        subject: email.subject,
        html: email.html,
        text: email.text,
        // RFC 8058 one-click unsubscribe: mail clients POST to the URL without a sign-in.
        headers: {
          "List-Unsubscribe": `<${unsubscribeUrl}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        tags: { email_id: email.id, org_id: email.orgId },
      },
      { idempotencyKey: email.dedupeKey },
    );
    const status = result.transport === "resend" ? "sent" : "outboxed";
    await withService(
      (tx) =>
        markEmailSent(tx, {
          id: email.id,
          status,
          transport: result.transport,
          providerMessageId: result.providerMessageId,
          now,
        }),
      db,
    );
    logger.info("email: sent", { emailId: email.id, transport: result.transport });
    return { status, sent: true };
  } catch (error) {
    if (!(error instanceof MailError)) throw error;
    if (error.kind === "rate_limited" || error.kind === "transient") {
      await withService(
        (tx) => noteEmailRetry(tx, { id: email.id, reason: `will retry: ${error.message}`, now }),
        db,
      );
      throw error;
    }
    await withService(
      (tx) => settleQueuedEmail(tx, { id: email.id, status: "failed", reason: error.message, now }),
      db,
    );
    logger.warn("email: send refused", { emailId: email.id, kind: error.kind });
    throw new PermanentJobError(error.message);
  }
}
