import type { Database } from "@/lib/db/client";
import { confirmSignUpEmail } from "@/lib/email/account-email";
import type { AuthPort } from "@/lib/integrations/auth/types";
import type { Mailer } from "@/lib/integrations/mail";
import { confirmSignUpUrl } from "./account-links";
import { sendAccountEmail } from "./send-account-email";

/**
 * "Send the link again" on the check-your-inbox page. An address waiting for its link gets a
 * new one (built-in: through the mail port; Supabase: its own email); any other address gets
 * nothing, and the answer is the same.
 */
export async function resendConfirmation({
  auth,
  email,
  db,
  mail,
}: {
  auth: AuthPort;
  email: string;
  db?: Database;
  mail?: Mailer;
}): Promise<{ status: "check-email" }> {
  const result = await auth.resendConfirmation({ email });
  if (result.status === "email-link") {
    await sendAccountEmail({
      to: email,
      email: await confirmSignUpEmail(email, confirmSignUpUrl(result.confirmationToken)),
      db,
      mail,
    });
  }
  return { status: "check-email" };
}
