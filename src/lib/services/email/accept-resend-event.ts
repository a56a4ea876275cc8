import { sql } from "drizzle-orm";
import { Resend } from "resend";
import { z } from "zod";
import { type Database, rowsOf, type Tx } from "@/lib/db/client";
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

type EmailRow = {
  id: string;
  org_id: string;
  call_id: string | null;
  status: string;
  to_address: string | null;
};

/** Our email for the event: by Resend's id, else by the `email_id` tag we sent with it. */
async function findEmail(db: Database, event: ResendEvent): Promise<EmailRow | null> {
  const providerId = event.data.email_id ?? null;
  const tagged = event.data.tags?.email_id;
  const ourId = tagged && UUID.test(tagged) ? tagged : null;
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

function bounceReason(bounce: NonNullable<ResendEvent["data"]["bounce"]>): string {
  const kind = [bounce.type, bounce.subType].filter(Boolean).join("/");
  return [kind ? `Bounced (${kind})` : "Bounced", bounce.message].filter(Boolean).join(": ").slice(0, 500);
}

/**
 * Applies one delivery event to its email. Statuses only move forward: a delivery reported after a
 * bounce or complaint (Resend does not promise order) leaves the email bounced/complained, and a
 * bounce never replaces a complaint.
 */
async function applyResendEvent(db: Database, email: EmailRow, event: ResendEvent, now: Date): Promise<void> {
  const at = now.toISOString();
  const firstTo = Array.isArray(event.data.to) ? (event.data.to[0] ?? null) : (event.data.to ?? null);
  await withService(async (tx) => {
    switch (event.type) {
      case "email.delivered":
        await tx.execute(sql`
          update public.emails set status = 'delivered', delivered_at = coalesce(delivered_at, ${at}), updated_at = ${at}
          where id = ${email.id} and org_id = ${email.org_id} and status not in ('bounced', 'complained', 'delivered')`);
        return;
      case "email.bounced": {
        const bounce = event.data.bounce ?? {};
        await tx.execute(sql`
          update public.emails set status = 'bounced', reason = ${bounceReason(bounce)}, updated_at = ${at}
          where id = ${email.id} and org_id = ${email.org_id} and status not in ('bounced', 'complained')`);
        // Only a permanent bounce means the address is dead; a transient one (mailbox full) may recover.
        if (bounce.type?.toLowerCase() === "permanent") await suppress(tx, email, "bounced", firstTo);
        return;
      }
      case "email.complained":
        await tx.execute(sql`
          update public.emails set status = 'complained', reason = 'The recipient marked it as spam.', updated_at = ${at}
          where id = ${email.id} and org_id = ${email.org_id} and status <> 'complained'`);
        await suppress(tx, email, "complained", firstTo);
        return;
      case "email.failed":
        await tx.execute(sql`
          update public.emails
          set status = 'failed', reason = ${(event.data.failed?.reason ?? "Resend could not send it.").slice(0, 500)},
              updated_at = ${at}
          where id = ${email.id} and org_id = ${email.org_id} and status in ('queued', 'sent')`);
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
      orgId: email?.org_id ?? null,
      callId: email?.call_id ?? null,
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
