import type { Metadata } from "next";
import Link from "next/link";
import { AuthShell } from "@/components/app/auth-shell";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { withService } from "@/lib/db/with-user";
import { currentUser } from "@/lib/next/request-auth";
import { describeInvitation } from "@/lib/services/organizations/accept-invitation";
import { AcceptInvitationButton } from "./accept-invitation-button";

export const metadata: Metadata = { title: "Invitation" };

const PROBLEM: Record<string, string> = {
  invalid: "This invitation link is not valid. Check that you copied all of it, or ask for a new one.",
  revoked: "This invitation was revoked. Ask the person who invited you for a new one.",
  accepted: "This invitation has already been used. Sign in to continue.",
  expired: "This invitation has expired. Ask the person who invited you for a new one.",
};

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([
    withService((tx) => describeInvitation({ tx, token })),
    currentUser(),
  ]);
  let body: React.ReactNode;
  if (invitation.status !== "pending") {
    body = (
      <>
        <CardHeader>
          <CardTitle className="text-xl" role="heading" aria-level={1}>
            Invitation unavailable
          </CardTitle>
          <CardDescription>{PROBLEM[invitation.status]}</CardDescription>
        </CardHeader>
        <CardFooter>
          <Button asChild variant="outline">
            <Link href="/sign-in">Go to sign in</Link>
          </Button>
        </CardFooter>
      </>
    );
  } else {
    const matches = user?.email.toLowerCase() === invitation.email.toLowerCase();
    body = (
      <>
        <CardHeader>
          <CardTitle className="text-xl" role="heading" aria-level={1}>
            Join {invitation.orgName}
          </CardTitle>
          <CardDescription>
            {invitation.email} is invited as <strong>{invitation.role}</strong>.
          </CardDescription>
        </CardHeader>
        <CardContent className="text-muted-foreground text-sm">
          {user && !matches
            ? `You're signed in as ${user.email}. Sign out and sign in as ${invitation.email} to accept.`
            : null}
        </CardContent>
        <CardFooter className="flex gap-2">
          {user && matches ? <AcceptInvitationButton token={token} /> : null}
          {!user ? (
            <>
              <Button asChild>
                <Link href={`/sign-up?invite=${encodeURIComponent(token)}`}>Create account</Link>
              </Button>
              <Button asChild variant="outline">
                <Link
                  href={`/sign-in?next=${encodeURIComponent(`/invite/${token}`)}&email=${encodeURIComponent(invitation.email)}`}
                >
                  I have an account
                </Link>
              </Button>
            </>
          ) : null}
        </CardFooter>
      </>
    );
  }
  return (
    <AuthShell>
      <Card className="w-full max-w-sm">{body}</Card>
    </AuthShell>
  );
}
