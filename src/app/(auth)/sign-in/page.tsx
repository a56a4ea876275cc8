import { KeyRound } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { env, onThisMachineOnly } from "@/env";
import { currentUser } from "@/lib/next/request-auth";
import { safeNextPath } from "@/lib/safe-next-path";
import { DEMO_USER } from "@/lib/services/demo/seed-demo";
import { SignInForm } from "../_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; email?: string; reset?: string }>;
}) {
  const { next, email, reset } = await searchParams;
  if (await currentUser()) redirect(safeNextPath(next));
  const e = env();
  // Never on a page the network can reach (HOST set): the demo's password is public.
  const showDemo = onThisMachineOnly(e) && e.SEED_DEMO !== "false";
  return (
    <Card className="w-full max-w-sm">
      <CardHeader>
        <CardTitle className="text-xl" role="heading" aria-level={1}>
          Sign in
        </CardTitle>
        <CardDescription>Welcome back. Your campaigns are where you left them.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {reset === "1" ? (
          <Alert data-testid="password-reset-done">
            <KeyRound />
            <AlertDescription>
              Your password was changed and every session ended. Sign in with the new one.
            </AlertDescription>
          </Alert>
        ) : null}
        <SignInForm next={next} email={email} />
        {showDemo ? (
          <p className="bg-muted text-muted-foreground rounded-md px-3 py-2 text-xs">
            Local demo: <span className="text-foreground font-mono">{DEMO_USER.email}</span> /{" "}
            <span className="text-foreground font-mono">{DEMO_USER.password}</span>
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
