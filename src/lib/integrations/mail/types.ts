/**
 * The mail port (docs/decisions/0005-email.md): Resend when RESEND_API_KEY is set, otherwise the outbox (stored and
 * shown in the UI, never sent). Both are reached only through the send job, which has already
 * written the `emails` row; the port only delivers.
 */
export type MailTransport = "resend" | "outbox";

export type OutgoingEmail = {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers: Record<string, string>;
  /** Our ids, for Resend's webhooks to name the email (Resend `tags`: ASCII letters, digits, _ and -). */
  tags: Record<string, string>;
};

export type SendResult = {
  transport: MailTransport;
  /** Resend's email id; null for the outbox. */
  providerMessageId: string | null;
};

/**
 * Why a send failed: `rate_limited` (429; retry after `retryAfterSeconds`), `invalid` (the
 * address or payload was refused: do not retry), `auth` (bad key: do not retry until fixed),
 * `transient` (5xx, network: retry).
 */
export type MailErrorKind = "rate_limited" | "invalid" | "auth" | "transient";

export class MailError extends Error {
  override name = "MailError";
  constructor(
    readonly kind: MailErrorKind,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface Mailer {
  readonly transport: MailTransport;
  /** Sends once: `idempotencyKey` becomes Resend's `Idempotency-Key` (remembered 24 h). Throws MailError. */
  send(email: OutgoingEmail, options: { idempotencyKey: string }): Promise<SendResult>;
}

/** The headers a mail provider signs its delivery webhooks with (Resend: Svix's three). */
export type MailWebhookHeaders = { id: string | null; timestamp: string | null; signature: string | null };

/** What a delivery event does to our email; `none` for events kept only for the record. */
export type MailDeliveryChange =
  | { kind: "delivered" }
  | { kind: "bounced"; permanent: boolean; reason: string }
  | { kind: "complained" }
  | { kind: "failed"; reason: string }
  | { kind: "none" };

/** A verified delivery webhook in domain terms: which email it is about and what happened to it. */
export type MailDeliveryEvent = {
  /** The provider's unique delivery id (Svix `svix-id`): the webhook store's dedupe key. */
  eventKey: string;
  /** The provider's event name (`email.bounced`), stored with it. */
  type: string;
  /** The provider's id for the email, when it sent one. */
  providerMessageId: string | null;
  /** Our `emails.id`, from the tag we sent with the email (a UUID, else null). */
  emailId: string | null;
  /** The first recipient the event names, for suppressing the address. */
  recipient: string | null;
  change: MailDeliveryChange;
  /** The verified body, as stored. */
  payload: unknown;
};
