import type { Database, Tx } from "@/lib/db/client";
import {
  findEmailForResendEvent,
  insertEmailSuppression,
  markEmailBounced,
  markEmailComplained,
  markEmailDelivered,
  markEmailFailedByProvider,
  type ResendEventEmail,
} from "@/lib/db/queries/emails";
import { withService } from "@/lib/db/with-user";
import { type MailDeliveryEvent, type MailWebhookHeaders, readMailWebhook } from "@/lib/integrations/mail";
import type { Queue } from "@/lib/integrations/queue/types";
import { type IngestResult, ingestWebhookEvent } from "../webhooks/webhook-store";

/** Our email for the event: by Resend's id, else by the `email_id` tag we sent with it. */
async function findEmail(db: Database, event: MailDeliveryEvent): Promise<ResendEventEmail | null> {
  const providerId = event.providerMessageId;
  const ourId = event.emailId;
  if (!providerId && !ourId) return null;
  const row = await withService(
    (tx) => findEmailForResendEvent(tx, { providerMessageId: providerId, emailId: ourId }),
    db,
  );
  return row ?? null;
}

/** Adds the address to the organization's do-not-email list; the first reason stays. */
async function suppress(
  tx: Tx,
  email: ResendEventEmail,
  reason: "bounced" | "complained",
  fallbackTo: string | null,
) {
  const address = (email.toAddress ?? fallbackTo)?.trim().toLowerCase();
  if (!address) return;
  await insertEmailSuppression(tx, { orgId: email.orgId, email: address, reason, emailId: email.id });
}

/**
 * Applies one delivery event to its email. Statuses only move forward: a delivery reported after a
 * bounce or complaint (Resend does not promise order) leaves the email bounced/complained, and a
 * bounce never replaces a complaint.
 */
async function applyResendEvent(
  db: Database,
  email: ResendEventEmail,
  event: MailDeliveryEvent,
  now: Date,
): Promise<void> {
  const target = { orgId: email.orgId, id: email.id, now };
  const { change } = event;
  await withService(async (tx) => {
    switch (change.kind) {
      case "delivered":
        await markEmailDelivered(tx, target);
        return;
      case "bounced":
        await markEmailBounced(tx, { ...target, reason: change.reason });
        // Only a permanent bounce means the address is dead; a transient one (mailbox full) may recover.
        if (change.permanent) await suppress(tx, email, "bounced", event.recipient);
        return;
      case "complained":
        await markEmailComplained(tx, target);
        await suppress(tx, email, "complained", event.recipient);
        return;
      case "failed":
        await markEmailFailedByProvider(tx, { ...target, reason: change.reason });
        return;
      case "none":
        return;
      default: {
        const never: never = change;
        throw new Error(`Unknown delivery change: ${JSON.stringify(never)}`);
      }
    }
  }, db);
}

/**
 * A Resend webhook: verify the Svix signature over the raw body (401, nothing written), parse
 * (422), store once under the `svix-id`, and apply it to our email. A duplicate delivery is
 * acknowledged and changes nothing. Events are not queued for re-apply (that path replays call
 * reports): a failed application answers 500 and Resend's own retries (5 s .. 10 h) apply it again.
 */
export async function acceptResendEvent({
  db,
  rawBody,
  headers,
  secret,
  now,
  queue,
}: {
  db: Database;
  rawBody: string;
  headers: MailWebhookHeaders;
  secret: string | undefined;
  now: Date;
  queue: Queue;
}): Promise<IngestResult> {
  const event = readMailWebhook({ rawBody, headers, secret });
  const email = await findEmail(db, event);
  return ingestWebhookEvent(
    db,
    {
      provider: "resend",
      eventKey: event.eventKey,
      type: event.type,
      orgId: email?.orgId ?? null,
      callId: email?.callId ?? null,
      payload: event.payload,
      now,
    },
    async () => {
      if (email) await applyResendEvent(db, email, event, now);
    },
    noReapplyQueue(queue),
  );
}

/**
 * `ingestWebhookEvent` queues `apply-webhook-event` on failure, whose handler replays call reports
 * only; for Resend events we rely on Resend's retries instead (the 500 answer triggers them).
 */
function noReapplyQueue(queue: Queue): Queue {
  return {
    ...queue,
    enqueue: async (job, options) => {
      if (job.type === "apply-webhook-event") return;
      await queue.enqueue(job, options);
    },
  };
}
