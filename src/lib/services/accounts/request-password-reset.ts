import { appOrigin } from "@/env";
import type { Database } from "@/lib/db/client";
import { noAccountEmail, resetPasswordEmail } from "@/lib/email/account-email";
import type { AuthPort } from "@/lib/integrations/auth/types";
import type { Mailer } from "@/lib/integrations/mail";
import { resetPasswordUrl } from "./account-links";
import { sendAccountEmail } from "./send-account-email";

/**
 * "Forgot your password?": the answer is "check your inbox" whether or not the address has an
 * account. Built-in: an account gets a one-time link (1 hour), any other address an email saying
 * there is no account, both through the mail port. Supabase sends its own reset email (to an
 * account only) with the link its "Reset password" template builds.
 */
export async function requestPasswordReset({
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
  const result = await auth.requestPasswordReset({ email });
  const origin = appOrigin({ fallback: "localhost" });
  switch (result.status) {
    case "email-link": {
      const url = resetPasswordUrl(result.resetToken);
      await sendAccountEmail({ to: email, email: await resetPasswordEmail(email, url), db, mail });
      break;
    }
    case "no-account":
      await sendAccountEmail({
        to: email,
        email: await noAccountEmail(email, `${origin}/sign-up`),
        db,
        mail,
      });
      break;
    case "sent-by-provider":
      break;
    default: {
      const never: never = result;
      throw new Error(`Unknown reset result: ${JSON.stringify(never)}`);
    }
  }
  return { status: "check-email" };
}
