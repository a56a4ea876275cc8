import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireOrgContext } from "@/lib/next/request-auth";
import { ChangePasswordForm } from "./_components/change-password-form";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const { user } = await requireOrgContext();
  return (
    <>
      <PageHeader title="Change password" description={`For ${user.email}.`} />
      <Card className="max-w-md">
        <CardHeader>
          <CardTitle className="text-base">New password</CardTitle>
          <CardDescription>
            You stay signed in here; every other session of your account ends. Forgot the current one? Sign
            out and use "Forgot your password?".
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm />
        </CardContent>
      </Card>
    </>
  );
}
