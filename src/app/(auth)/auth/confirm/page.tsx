import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmSignUpForm } from "../../_components/confirm-sign-up-form";

export const metadata: Metadata = { title: "Finish signing up" };

/**
 * Where the sign-up email's link lands. Opening it changes nothing (mail scanners open links);
 * the password chosen at sign-up, entered here, finishes the account.
 */
export default async function ConfirmPage({
  searchParams,
}: {
  searchParams: Promise<{ token_hash?: string; type?: string }>;
}) {
  const { token_hash: token, type } = await searchParams;
  const usable = type === "signup" && typeof token === "string" && token.length >= 20 && token.length <= 200;
  return (
    <Card className="w-full max-w-sm">
      <CardHeader>
        <CardTitle className="text-xl" role="heading" aria-level={1}>
          Finish signing up
        </CardTitle>
        <CardDescription>
          {usable
            ? "Enter the password you chose when you signed up. Then you're in."
            : "This link is incomplete. Open the whole link from the email, or sign up again."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {usable ? (
          <ConfirmSignUpForm token={token} />
        ) : (
          <Link className="text-sm underline underline-offset-4" href="/sign-up">
            Sign up again
          </Link>
        )}
      </CardContent>
    </Card>
  );
}
