import { randomUUID } from "node:crypto";
import { env, onThisMachineOnly } from "@/env";
import { hitRateLimit } from "@/lib/api/rate-limit";
import type { Database } from "@/lib/db/client";
import { insertAccountEmail } from "@/lib/db/queries/account-emails";
import { withService } from "@/lib/db/with-user";
import type { RenderedEmail } from "@/lib/email/types";
import { MailError, type Mailer, mailer, senderAddress } from "@/lib/integrations/mail";
import { logger } from "@/lib/logger";

/**
 * Account emails one address may receive per hour. Anyone can type an address into the sign-up
 * form; this keeps it from becoming a way to flood someone's inbox. Over the limit nothing is
 * sent, and the visitor's answer does not change.
 */
export const ACCOUNT_EMAILS_PER_HOUR = 3;

export type AccountEmailResult = "sent" | "outbox" | "limited" | "failed";

/**
 * Sends an email about an account through the mail port. Failures are logged, never shown:
 * the page answers the same whatever happened, or it would tell who has an account. With the
 * outbox (no RESEND_API_KEY) nothing leaves the machine; in local mode the message, link and
 * all, goes to the local mailbox (/mailbox, on this machine only) and the server's log.
 */
export async function sendAccountEmail({
  to,
  email,
  db,
  mail = mailer(),
}: {
  to: string;
  email: RenderedEmail;
  db?: Database;
  mail?: Mailer;
}): Promise<AccountEmailResult> {
  const limit = await withService(
    (tx) =>
      hitRateLimit(tx, {
        bucket: `account-email:${to}`,
        windowSeconds: 3600,
        maxHits: ACCOUNT_EMAILS_PER_HOUR,
      }),
    db,
  );
  if (!limit.allowed) {
    logger.warn("account email not sent: hourly limit for the address reached");
    return "limited";
  }
  const sender = senderAddress("Dialer", mail.transport);
  if ("problem" in sender) {
    logger.error(`account email not sent: ${sender.problem}`);
    return "failed";
  }
  try {
    await mail.send(
      {
        from: sender.from,
        to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers: {},
        tags: {},
      },
      { idempotencyKey: `account/${randomUUID()}` },
    );
  } catch (error) {
    logger.error("account email not sent", {
      error: error instanceof MailError ? `${error.kind}: ${error.message}` : (error as Error).message,
    });
    return "failed";
  }
  if (mail.transport !== "outbox") return "sent";
  const e = env();
  if (onThisMachineOnly(e)) {
    await withService(
      (tx) =>
        insertAccountEmail(tx, { recipient: to, subject: email.subject, html: email.html, text: email.text }),
      db,
    );
  }
  if (e.mode === "local") {
    logger.info(`outbox (local mode, not sent): email to ${to}\nSubject: ${email.subject}\n\n${email.text}`);
  } else {
    logger.warn("account email not sent: set RESEND_API_KEY so people receive their account emails");
  }
  return "outbox";
}
