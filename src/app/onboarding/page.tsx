import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/app/auth-shell";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { currentContext } from "@/lib/next/request-auth";
import { CreateOrganizationForm } from "./create-organization-form";

export const metadata: Metadata = { title: "Create your organization" };

export default async function OnboardingPage() {
  const ctx = await currentContext();
  if (!ctx) redirect("/sign-in");
  if (ctx.org) redirect("/dashboard");
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
        <CardContent>
          <CreateOrganizationForm />
        </CardContent>
      </Card>
    </AuthShell>
  );
}
