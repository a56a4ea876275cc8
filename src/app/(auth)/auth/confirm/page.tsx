import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { SIGN_UP_LINK_TYPES, type SignUpLinkType } from "@/lib/integrations/auth/types";
import { requestAuth } from "@/lib/next/request-auth";
import { linkTokenSchema } from "@/lib/schemas/account";
import { ConfirmSignUpForm } from "../../_components/confirm-sign-up-form";
import { LinkButtonForm } from "../../_components/link-button-form";
import { ResetPasswordForm } from "../../_components/reset-password-form";

export const metadata: Metadata = { title: "Confirm" };

const isSignUpType = (type: string | undefined): type is SignUpLinkType =>
  SIGN_UP_LINK_TYPES.includes(type as SignUpLinkType);

/**
 * Where the links of account emails land: ours (built-in sign-in) and those of the README's
 * Supabase templates, `/auth/confirm?token_hash=…&type=signup|email|recovery`. Opening the page
 * changes nothing (mail scanners open links): a sign-up is finished, or a password reset, by what
 * the user enters or clicks here. `next` is followed only through safeNextPath.
 */
export default async function ConfirmPage({
  searchParams,
}: {
  searchParams: Promise<{ token_hash?: string; type?: string; next?: string }>;
}) {
  const { token_hash: token, type, next } = await searchParams;
  const auth = await requestAuth();
  const usable = linkTokenSchema.safeParse(token).success && typeof token === "string";

  if (usable && type === "recovery") {
    return (
      <Shell
        title="Choose a new password"
        description={
          auth.recoveryFlow === "form"
            ? "Enter a new password for your account. Then you sign in with it, everywhere."
            : "Continue to choose a new password for your account. Then you sign in with it, everywhere."
        }
      >
        {auth.recoveryFlow === "form" ? (
          <ResetPasswordForm token={token} />
        ) : (
          <LinkButtonForm purpose="recovery" token={token} />
        )}
      </Shell>
    );
  }
  if (usable && isSignUpType(type)) {
    return auth.kind === "builtin" ? (
      <Shell
        title="Finish signing up"
        description="Enter the password you chose when you signed up. Then you're in."
      >
        <ConfirmSignUpForm token={token} type={type} next={next} />
      </Shell>
    ) : (
      <Shell title="Confirm your email" description="One click and your account is ready.">
        <LinkButtonForm purpose="confirm" token={token} type={type} next={next} />
      </Shell>
    );
  }
  return (
    <Shell
      title="This link is incomplete"
      description="Open the whole link from the email. If it still does not work, ask for a new one."
    >
      <div className="flex flex-wrap gap-x-4 gap-y-2 text-sm">
        <Link className="underline underline-offset-4" href="/sign-up">
          Sign up again
        </Link>
        <Link className="underline underline-offset-4" href="/auth/forgot-password">
          Reset your password
        </Link>
      </div>
    </Shell>
  );
}

function Shell({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children: React.ReactNode;
}) {
  return (
    <Card className="w-full max-w-sm">
      <CardHeader>
        <CardTitle className="text-xl" role="heading" aria-level={1}>
          {title}
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}
