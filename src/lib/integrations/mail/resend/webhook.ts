import { Resend } from "resend";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { MailDeliveryChange, MailDeliveryEvent, MailWebhookHeaders } from "../types";

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
type ResendEvent = z.infer<typeof resendEventSchema>;

/**
 * Checks the Svix signature with the SDK (which uses `standardwebhooks`: HMAC over
 * `${id}.${timestamp}.${body}`, 5-minute tolerance on the real clock). Throws `unauthorized`.
 */
function verifySignature(rawBody: string, headers: MailWebhookHeaders, secret: string | undefined): unknown {
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

function bounceReason(bounce: NonNullable<ResendEvent["data"]["bounce"]>): string {
  const kind = [bounce.type, bounce.subType].filter(Boolean).join("/");
  return [kind ? `Bounced (${kind})` : "Bounced", bounce.message].filter(Boolean).join(": ").slice(0, 500);
}

function changeOf(event: ResendEvent): MailDeliveryChange {
  switch (event.type) {
    case "email.delivered":
      return { kind: "delivered" };
    case "email.bounced": {
      const bounce = event.data.bounce ?? {};
      // Only a permanent bounce means the address is dead; a transient one (mailbox full) may recover.
      return {
        kind: "bounced",
        permanent: bounce.type?.toLowerCase() === "permanent",
        reason: bounceReason(bounce),
      };
    }
    case "email.complained":
      return { kind: "complained" };
    case "email.failed":
      return {
        kind: "failed",
        reason: (event.data.failed?.reason ?? "Resend could not send it.").slice(0, 500),
      };
    default:
      // sent, opened, clicked, delivery_delayed, ...: stored for the record, nothing to change.
      return { kind: "none" };
  }
}

/**
 * A Resend webhook: the Svix signature over the raw body (401), then the body as a delivery event
 * (422 when it is not a Resend event).
 */
export function readResendWebhook({
  rawBody,
  headers,
  secret,
}: {
  rawBody: string;
  headers: MailWebhookHeaders;
  secret: string | undefined;
}): MailDeliveryEvent {
  const verified = verifySignature(rawBody, headers, secret);
  const parsed = resendEventSchema.safeParse(verified);
  if (!parsed.success) throw new AppError("validation", "Not a Resend webhook body.");
  const event = parsed.data;
  const tagged = event.data.tags?.email_id;
  const to = event.data.to;
  return {
    // verifySignature refused a delivery without its id.
    eventKey: headers.id ?? "",
    type: event.type,
    providerMessageId: event.data.email_id ?? null,
    emailId: tagged && UUID.test(tagged) ? tagged : null,
    recipient: Array.isArray(to) ? (to[0] ?? null) : (to ?? null),
    change: changeOf(event),
    payload: verified,
  };
}
