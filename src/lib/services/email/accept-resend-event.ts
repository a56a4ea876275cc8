import { sql } from "drizzle-orm";
import { type Database, rowsOf, type Tx } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";
import { type MailDeliveryEvent, type MailWebhookHeaders, readMailWebhook } from "@/lib/integrations/mail";
import type { Queue } from "@/lib/integrations/queue/types";
import { type IngestResult, ingestWebhookEvent } from "../webhooks/webhook-store";

type EmailRow = {
  id: string;
  org_id: string;
  call_id: string | null;
  status: string;
  to_address: string | null;
};

/** Our email for the event: by Resend's id, else by the `email_id` tag we sent with it. */
async function findEmail(db: Database, event: MailDeliveryEvent): Promise<EmailRow | null> {
  const providerId = event.providerMessageId;
  const ourId = event.emailId;
  if (!providerId && !ourId) return null;
  const [row] = await withService(
    async (tx) =>
      rowsOf<EmailRow>(
        await tx.execute(sql`
          select id, org_id, call_id, status, to_address from public.emails
          where ${providerId ? sql`provider_message_id = ${providerId}` : sql`false`}
             or ${ourId ? sql`id = ${ourId}` : sql`false`}
          order by (provider_message_id is not distinct from ${providerId}) desc
          limit 1`),
      ),
    db,
  );
  return row ?? null;
}

/** Adds the address to the organization's do-not-email list; the first reason stays. */
async function suppress(
  tx: Tx,
  email: EmailRow,
  reason: "bounced" | "complained",
  fallbackTo: string | null,
) {
  const address = (email.to_address ?? fallbackTo)?.trim().toLowerCase();
  if (!address) return;
  await tx.execute(sql`
    insert into public.email_suppressions (org_id, email, reason, email_id)
    values (${email.org_id}, ${address}, ${reason}, ${email.id})
    on conflict (org_id, email) do nothing`);
}

/**
 * Applies one delivery event to its email. Statuses only move forward: a delivery reported after a
 * bounce or complaint (Resend does not promise order) leaves the email bounced/complained, and a
 * bounce never replaces a complaint.
 */
async function applyResendEvent(
  db: Database,
  email: EmailRow,
  event: MailDeliveryEvent,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const { change } = event;
  await withService(async (tx) => {
    switch (change.kind) {
      case "delivered":
        await tx.execute(sql`
          update public.emails set status = 'delivered', delivered_at = coalesce(delivered_at, ${at}), updated_at = ${at}
          where id = ${email.id} and org_id = ${email.org_id} and status not in ('bounced', 'complained', 'delivered')`);
        return;
      case "bounced":
        await tx.execute(sql`
          update public.emails set status = 'bounced', reason = ${change.reason}, updated_at = ${at}
          where id = ${email.id} and org_id = ${email.org_id} and status not in ('bounced', 'complained')`);
        // Only a permanent bounce means the address is dead; a transient one (mailbox full) may recover.
        if (change.permanent) await suppress(tx, email, "bounced", event.recipient);
        return;
      case "complained":
        await tx.execute(sql`
          update public.emails set status = 'complained', reason = 'The recipient marked it as spam.', updated_at = ${at}
          where id = ${email.id} and org_id = ${email.org_id} and status <> 'complained'`);
        await suppress(tx, email, "complained", event.recipient);
        return;
      case "failed":
        await tx.execute(sql`
          update public.emails set status = 'failed', reason = ${change.reason}, updated_at = ${at}
          where id = ${email.id} and org_id = ${email.org_id} and status in ('queued', 'sent')`);
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
      orgId: email?.org_id ?? null,
      callId: email?.call_id ?? null,
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
