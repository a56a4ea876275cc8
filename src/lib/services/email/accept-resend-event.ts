import { Resend } from "resend";
import { z } from "zod";
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
import { AppError } from "@/lib/errors";
import type { Queue } from "@/lib/integrations/queue/types";
import { type IngestResult, ingestWebhookEvent } from "../webhooks/webhook-store";

/** The Svix headers Resend signs every webhook with. */
export type SvixHeaders = { id: string | null; timestamp: string | null; signature: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Tags arrive as an object although they are sent as [{ name, value }]; accept both.
const tagsSchema = z
  .union([
    z.record(z.string(), z.unknown()),
    z.array(z.object({ name: z.string(), value: z.unknown() }).loose()),
  ])
  .transform((t): Record<string, string> => {
    const entries = Array.isArray(t) ? t.map((x) => [x.name, x.value] as const) : Object.entries(t);
    return Object.fromEntries(entries.filter((e): e is [string, string] => typeof e[1] === "string"));
  });

const resendEventSchema = z.object({
  type: z.string().min(1),
  created_at: z.string().optional(),
  data: z
    .object({
      email_id: z.string().optional(),
      to: z.union([z.array(z.string()), z.string()]).optional(),
      tags: tagsSchema.nullish(),
      bounce: z
        .object({ type: z.string().nullish(), subType: z.string().nullish(), message: z.string().nullish() })
        .loose()
        .nullish(),
      failed: z.object({ reason: z.string().nullish() }).loose().nullish(),
    })
    .loose()
    .default({}),
});
export type ResendEvent = z.infer<typeof resendEventSchema>;

/**
 * Checks the Svix signature with the SDK (which uses `standardwebhooks`: HMAC over
 * `${id}.${timestamp}.${body}`, 5-minute tolerance on the real clock). Throws `unauthorized`.
 */
function verifySignature(rawBody: string, headers: SvixHeaders, secret: string | undefined): unknown {
  if (!secret)
    throw new AppError("unauthorized", "Resend webhooks are not configured (RESEND_WEBHOOK_SECRET).");
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) throw new AppError("unauthorized", "Missing Svix signature headers.");
  try {
    // verify() never calls the API; the constructor insists on a key and would read process.env without one.
    return new Resend("re_verify_only").webhooks.verify({
      payload: rawBody,
      headers: { id, timestamp, signature },
      webhookSecret: secret,
    });
  } catch {
    throw new AppError("unauthorized", "Invalid webhook signature.");
  }
}

/** Our email for the event: by Resend's id, else by the `email_id` tag we sent with it. */
async function findEmail(db: Database, event: ResendEvent): Promise<ResendEventEmail | null> {
  const providerId = event.data.email_id ?? null;
  const tagged = event.data.tags?.email_id;
  const ourId = tagged && UUID.test(tagged) ? tagged : null;
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

function bounceReason(bounce: NonNullable<ResendEvent["data"]["bounce"]>): string {
  const kind = [bounce.type, bounce.subType].filter(Boolean).join("/");
  return [kind ? `Bounced (${kind})` : "Bounced", bounce.message].filter(Boolean).join(": ").slice(0, 500);
}

/**
 * Applies one delivery event to its email. Statuses only move forward: a delivery reported after a
 * bounce or complaint (Resend does not promise order) leaves the email bounced/complained, and a
 * bounce never replaces a complaint.
 */
async function applyResendEvent(
  db: Database,
  email: ResendEventEmail,
  event: ResendEvent,
  now: Date,
): Promise<void> {
  const target = { orgId: email.orgId, id: email.id, now };
  const firstTo = Array.isArray(event.data.to) ? (event.data.to[0] ?? null) : (event.data.to ?? null);
  await withService(async (tx) => {
    switch (event.type) {
      case "email.delivered":
        await markEmailDelivered(tx, target);
        return;
      case "email.bounced": {
        const bounce = event.data.bounce ?? {};
        await markEmailBounced(tx, { ...target, reason: bounceReason(bounce) });
        // Only a permanent bounce means the address is dead; a transient one (mailbox full) may recover.
        if (bounce.type?.toLowerCase() === "permanent") await suppress(tx, email, "bounced", firstTo);
        return;
      }
      case "email.complained":
        await markEmailComplained(tx, target);
        await suppress(tx, email, "complained", firstTo);
        return;
      case "email.failed":
        await markEmailFailedByProvider(tx, {
          ...target,
          reason: (event.data.failed?.reason ?? "Resend could not send it.").slice(0, 500),
        });
        return;
      default:
        // sent, opened, clicked, delivery_delayed, ...: stored for the record, nothing to change.
        return;
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
  headers: SvixHeaders;
  secret: string | undefined;
  now: Date;
  queue: Queue;
}): Promise<IngestResult> {
  const verified = verifySignature(rawBody, headers, secret);
  const parsed = resendEventSchema.safeParse(verified);
  if (!parsed.success) throw new AppError("validation", "Not a Resend webhook body.");
  const event = parsed.data;
  const email = await findEmail(db, event);
  return ingestWebhookEvent(
    db,
    {
      provider: "resend",
      eventKey: headers.id!,
      type: event.type,
      orgId: email?.orgId ?? null,
      callId: email?.callId ?? null,
      payload: verified,
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
