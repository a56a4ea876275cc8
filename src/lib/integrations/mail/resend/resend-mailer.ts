import { Resend } from "resend";
import { MailError, type Mailer, type OutgoingEmail, type SendResult } from "../types";

export type ResendMailerOptions = {
  apiKey: string;
  /** RESEND_BASE_URL: another API origin (a contract fake in tests). */
  baseUrl?: string;
};

type ResendFailure = { name?: unknown; message?: unknown; statusCode?: unknown };

/** Seconds from `retry-after` (seconds or an HTTP date); 1 when absent, as Resend's limit is per second. */
function retryAfter(headers: Record<string, string> | null): number {
  const raw = headers?.["retry-after"];
  if (!raw) return 1;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const at = Date.parse(raw);
  return Number.isNaN(at) ? 1 : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}

/**
 * Resend's error as a MailError. The SDK never throws on API errors: it resolves `{ error }`, with
 * the status in `statusCode` (null for a network failure, named `application_error`).
 */
export function toMailError(error: ResendFailure, headers: Record<string, string> | null): MailError {
  const status = typeof error.statusCode === "number" ? error.statusCode : null;
  const name = typeof error.name === "string" ? error.name : "unknown";
  const message = `Resend: ${typeof error.message === "string" ? error.message : name}${status ? ` (${status})` : ""}`;
  if (status === 429 || name === "rate_limit_exceeded" || name === "concurrent_idempotent_requests") {
    // A quota (daily/monthly) is also a 429, but waiting a second does not lift it: the queue's
    // retries run out and the email stays queued with the reason, which is the honest state.
    return new MailError("rate_limited", message, retryAfter(headers));
  }
  if (
    status === 401 ||
    status === 403 ||
    ["missing_api_key", "invalid_api_key", "restricted_api_key"].includes(name)
  ) {
    return new MailError("auth", message);
  }
  if (status !== null && status >= 400 && status < 500) return new MailError("invalid", message);
  return new MailError("transient", message);
}

/** Resend tags: ASCII letters, digits, `_` and `-`, at most 256 characters. */
function tagsOf(tags: Record<string, string>): { name: string; value: string }[] {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 256);
  return Object.entries(tags).map(([name, value]) => ({ name: clean(name), value: clean(value) }));
}

/** The mail port on Resend: one POST /emails per email, with `Idempotency-Key` (kept 24 h by Resend). */
export function createResendMailer({ apiKey, baseUrl }: ResendMailerOptions): Mailer {
  const client = new Resend(apiKey, baseUrl ? { baseUrl: baseUrl.replace(/\/+$/, "") } : undefined);
  return {
    transport: "resend",
    async send(email: OutgoingEmail, { idempotencyKey }): Promise<SendResult> {
      const response = await client.emails.send(
        {
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: email.headers,
          tags: tagsOf(email.tags),
        },
        { idempotencyKey },
      );
      if (response.error) throw toMailError(response.error, response.headers);
      const id = response.data?.id;
      if (!id) throw new MailError("transient", "Resend: the response carried no email id");
      return { transport: "resend", providerMessageId: id };
    },
  };
}
