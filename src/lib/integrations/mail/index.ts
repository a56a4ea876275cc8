import "server-only";
import { env } from "@/env";
import { createOutboxMailer } from "./outbox/outbox-mailer";
import { createResendMailer } from "./resend/resend-mailer";
import type { Mailer, MailTransport } from "./types";

export { readResendWebhook as readMailWebhook } from "./resend/webhook";
export type { MailDeliveryEvent, Mailer, MailWebhookHeaders, OutgoingEmail, SendResult } from "./types";
export { MailError } from "./types";

const holder = globalThis as { __mailer?: Mailer };

/** The mailer: Resend when RESEND_API_KEY is set, otherwise the outbox (stored, never sent). */
export function mailer(): Mailer {
  holder.__mailer ??= createMailer();
  return holder.__mailer;
}

/** Replaces the process-wide mailer (tests); undefined goes back to the environment's choice. */
export function setMailer(value: Mailer | undefined): void {
  holder.__mailer = value;
}

function createMailer(): Mailer {
  const e = env();
  const transport: MailTransport = e.RESEND_API_KEY ? "resend" : "outbox";
  switch (transport) {
    case "resend":
      return createResendMailer({ apiKey: e.RESEND_API_KEY as string, baseUrl: e.RESEND_BASE_URL });
    case "outbox":
      return createOutboxMailer();
    default: {
      const never: never = transport;
      throw new Error(`Unknown mail transport: ${never}`);
    }
  }
}

/** A display name safe inside `Name <addr>`: no quotes, angle brackets or line breaks. */
function displayName(name: string): string {
  return name.replace(/["<>\r\n\\]/g, "").trim() || "Follow-up";
}

/**
 * Who follow-ups come from: EMAIL_FROM (an address on a domain verified in Resend, or a whole
 * `Name <address>`), shown with the organization's name. Without it, local and self-hosted runs
 * use `<org> <no-reply@localhost>`; a hosted deployment sending through Resend cannot (Resend
 * refuses unverified senders), so it gets a problem to record instead of a doomed send.
 */
export function senderAddress(
  orgName: string,
  transport: MailTransport,
): { from: string } | { problem: string } {
  const e = env();
  const configured = e.EMAIL_FROM;
  if (configured)
    return { from: configured.includes("<") ? configured : `${displayName(orgName)} <${configured}>` };
  if (e.mode === "hosted" && transport === "resend") {
    return {
      problem:
        "EMAIL_FROM is not set: set it to an address on a domain verified in Resend (for example no-reply@yourcompany.com) to send follow-ups.",
    };
  }
  return { from: `${displayName(orgName)} <no-reply@localhost>` };
}
