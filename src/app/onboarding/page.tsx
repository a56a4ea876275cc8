import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/app/auth-shell";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { currentContext, requestAuth } from "@/lib/next/request-auth";
import { CreateOrganizationForm } from "./create-organization-form";

export const metadata: Metadata = { title: "Create your organization" };

export default async function OnboardingPage() {
  const ctx = await currentContext();
  if (!ctx) redirect("/sign-in");
  if (ctx.org) redirect("/dashboard");
  // Supabase: a sign-up confirmed elsewhere than our confirm page (its default email templates)
  // still carries what it asked for; offer it here.
  const pending = (await (await requestAuth()).pendingSignUp())?.pending;
  return (
    <AuthShell>
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle className="text-xl" role="heading" aria-level={1}>
            Create your organization
          </CardTitle>
          <CardDescription>
            You're signed in as {ctx.user.email} but don't belong to an organization yet. Create one, or open
            the invitation link a colleague sent you.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {pending?.inviteToken ? (
            <Link
              className="text-sm underline underline-offset-4"
              href={`/invite/${encodeURIComponent(pending.inviteToken)}`}
            >
              Open the invitation you signed up with
            </Link>
          ) : null}
          <CreateOrganizationForm defaultName={pending?.organizationName} />
        </CardContent>
      </Card>
    </AuthShell>
  );
}
