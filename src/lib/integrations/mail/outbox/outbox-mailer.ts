import type { Mailer } from "../types";

/**
 * Local mode without RESEND_API_KEY: nothing leaves the machine. The `emails` row the send job
 * already wrote is the outbox; sending only says so.
 */
export function createOutboxMailer(): Mailer {
  return {
    transport: "outbox",
    async send() {
      return { transport: "outbox", providerMessageId: null };
    },
  };
}
