import type { Database } from "@/lib/db/client";
import { BuiltinAuth } from "@/lib/integrations/auth/builtin/builtin-auth";
import type { CookieJar } from "@/lib/integrations/auth/types";
import type { Mailer, OutgoingEmail } from "@/lib/integrations/mail";
import type { SignUpInput } from "@/lib/schemas/organization";
import { confirmSignUp } from "@/lib/services/accounts/confirm-sign-up";
import { signUp } from "@/lib/services/accounts/sign-up";

/** A mailer that keeps what it is given (as Resend would have sent it). */
export function recordingMailer(): Mailer & { sent: OutgoingEmail[] } {
  const sent: OutgoingEmail[] = [];
  return {
    transport: "resend",
    sent,
    async send(email) {
      sent.push(email);
      return { transport: "resend", providerMessageId: `re_${sent.length}` };
    },
  };
}

/** The token of the sign-up link in an email's text, or undefined. */
export function confirmationToken(email: OutgoingEmail | undefined): string | undefined {
  const match = /\/auth\/confirm\?token_hash=([A-Za-z0-9_-]+)&type=signup/.exec(email?.text ?? "");
  return match?.[1];
}

/** A cookie jar that forgets everything. */
export const noCookies = (): CookieJar => ({ getAll: () => [], set: () => {} });

/** Signs up through the service, then opens the emailed link with the same password (built-in auth). */
export async function signUpAndConfirm({
  db,
  secret,
  input,
}: {
  db: Database;
  secret: string;
  input: SignUpInput;
}): Promise<{ userId: string; orgId: string | null }> {
  const auth = new BuiltinAuth({ db, cookies: noCookies(), secret, secureCookies: false });
  const mail = recordingMailer();
  const outcome = await signUp({ auth, input, db, mail });
  if (outcome.status !== "check-email") throw new Error(`built-in sign-up answered ${outcome.status}`);
  const token = confirmationToken(mail.sent.at(-1));
  if (!token) throw new Error("the sign-up email carried no confirmation link");
  return confirmSignUp({ auth, input: { token, password: input.password }, db });
}
