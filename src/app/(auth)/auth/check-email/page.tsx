import { MailCheck } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { env, onThisMachineOnly } from "@/env";
import { accountEmailSchema } from "@/lib/schemas/account";
import { ResendConfirmationButton } from "../../_components/resend-confirmation-button";

export const metadata: Metadata = { title: "Check your inbox" };

/**
 * After a sign-up or a reset request. Worded for every case alike (a new address, a taken one,
 * one without an account), so the page never says which; the email does, to its owner.
 */
export default async function CheckEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ email?: string; for?: string }>;
}) {
  const params = await searchParams;
  const parsed = accountEmailSchema.safeParse({ email: params.email });
  const email = parsed.success ? parsed.data.email : undefined;
  const reset = params.for === "reset";
  const e = env();
  return (
    <Card className="w-full max-w-sm">
      <CardHeader>
        <CardTitle className="text-xl" role="heading" aria-level={1}>
          Check your inbox
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4">
        <Alert data-testid="check-email">
          <MailCheck />
          <AlertTitle>{reset ? "Reset link sent" : "Almost there"}</AlertTitle>
          <AlertDescription>
            {reset ? (
              <p>
                If <strong>{email ?? "this address"}</strong> has an account, we sent it a link to choose a
                new password. It works once, for an hour.
              </p>
            ) : (
              <p>
                We sent an email to <strong>{email ?? "your address"}</strong>. Open the link in it to finish
                signing up. If you already have an account, the email says so.
              </p>
            )}
            {onThisMachineOnly(e) ? (
              <p className="mt-2">
                Local mode sends no email: it is in the{" "}
                <Link className="text-foreground underline underline-offset-4" href="/mailbox">
                  local mailbox
                </Link>
                .
              </p>
            ) : e.mode === "local" ? (
              <p className="mt-2">
                Local mode sends no email: the message is printed in the terminal running the app.
              </p>
            ) : null}
          </AlertDescription>
        </Alert>
        {reset ? (
          <Link
            className="text-muted-foreground text-center text-sm underline underline-offset-4"
            href={`/auth/forgot-password${email ? `?email=${encodeURIComponent(email)}` : ""}`}
          >
            Ask for another link
          </Link>
        ) : email ? (
          <ResendConfirmationButton email={email} />
        ) : null}
        <p className="text-muted-foreground text-center text-sm">
          <Link className="text-foreground underline underline-offset-4" href="/sign-in">
            Back to sign in
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
