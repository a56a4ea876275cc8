import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requestAuth } from "@/lib/next/request-auth";
import { ResetPasswordForm } from "../../_components/reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

/**
 * Supabase: where an opened reset link leads. Its session may set a new password for a few
 * minutes (RECOVERY_WINDOW_SECONDS); any other session changes its password from the account
 * menu, with the current one. Built-in reset links ask for the password on their own page.
 */
export default async function ResetPasswordPage() {
  const auth = await requestAuth();
  if (auth.recoveryFlow === "form") redirect("/auth/forgot-password");
  const open = await auth.inRecovery();
  return (
    <Card className="w-full max-w-sm">
      <CardHeader>
        <CardTitle className="text-xl" role="heading" aria-level={1}>
          {open ? "Choose a new password" : "Open your reset link again"}
        </CardTitle>
        <CardDescription>
          {open
            ? "Enter a new password for your account. Then you sign in with it, everywhere."
            : "A new password can be set here only just after opening the link from a password reset email."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {open ? (
          <ResetPasswordForm />
        ) : (
          <Link className="text-sm underline underline-offset-4" href="/auth/forgot-password">
            Ask for a new link
          </Link>
        )}
      </CardContent>
    </Card>
  );
}
