import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { withService } from "@/lib/db/with-user";
import { currentUser } from "@/lib/next/request-auth";
import { describeInvitation } from "@/lib/services/organizations/accept-invitation";
import { SignUpForm } from "../_components/sign-up-form";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ invite?: string }> }) {
  const { invite: token } = await searchParams;
  if (await currentUser()) redirect(token ? `/invite/${token}` : "/dashboard");
  const invitation = token ? await withService((tx) => describeInvitation({ tx, token })) : undefined;
  const invite =
    token && invitation?.status === "pending"
      ? { token, email: invitation.email, orgName: invitation.orgName }
      : undefined;
  return (
    <Card className="w-full max-w-sm">
      <CardHeader>
        <CardTitle className="text-xl" role="heading" aria-level={1}>
          {invite ? `Join ${invite.orgName}` : "Create your account"}
        </CardTitle>
        <CardDescription>
          {invite
            ? `You were invited as ${invitation?.status === "pending" ? invitation.role : "member"}.`
            : "Start calling your leads in minutes. You'll be the owner of a new organization."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <SignUpForm invite={invite} />
      </CardContent>
    </Card>
  );
}
