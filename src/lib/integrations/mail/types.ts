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
