"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2, MailCheck } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { signUpAction } from "@/actions/sign-up-action";
import { FieldError } from "@/components/app/field-error";
import { useHydrated } from "@/components/app/use-hydrated";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { signUpSchema } from "@/lib/schemas/organization";

type Values = z.input<typeof signUpSchema>;

export function SignUpForm({
  invite,
  localMode,
}: {
  invite?: { token: string; email: string; orgName: string };
  localMode: boolean;
}) {
  const router = useRouter();
  // Before hydration a click would submit the form natively; keep the button off until then.
  const hydrated = useHydrated();
  const form = useForm<Values>({
    resolver: zodResolver(signUpSchema),
    defaultValues: {
      fullName: "",
      organizationName: "",
      email: invite?.email ?? "",
      password: "",
      inviteToken: invite?.token,
    },
  });
  const { execute, isPending, result } = useAction(signUpAction, {
    onSuccess: ({ data }) => {
      if (data?.status === "signed-in") {
        router.replace("/dashboard");
        router.refresh();
      }
    },
  });
  if (result.data?.status === "check-email") {
    // Worded for both cases: a new address gets a link to finish signing up, a taken one an
    // email saying it already has an account. The page never says which.
    return (
      <Alert data-testid="check-email">
        <MailCheck />
        <AlertTitle>Check your inbox</AlertTitle>
        <AlertDescription>
          <p>
            We sent an email to <strong>{result.data.email}</strong>. Open the link in it to finish signing
            up. If you already have an account, the email says so.
          </p>
          {localMode ? (
            <p className="mt-2">
              Local mode sends no email: the message is printed in the terminal running the app.
            </p>
          ) : null}
        </AlertDescription>
      </Alert>
    );
  }
  const errors = form.formState.errors;
  return (
    <form
      onSubmit={form.handleSubmit((values) => execute(values))}
      method="post"
      className="grid gap-4"
      noValidate
    >
      {result.serverError ? (
        <Alert variant="destructive" role="alert">
          <AlertDescription>{result.serverError}</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid gap-2">
        <Label htmlFor="fullName">Your name</Label>
        <Input id="fullName" autoComplete="name" autoFocus {...form.register("fullName")} />
        <FieldError message={errors.fullName?.message} />
      </div>
      {invite ? null : (
        <div className="grid gap-2">
          <Label htmlFor="organizationName">Company</Label>
          <Input id="organizationName" autoComplete="organization" {...form.register("organizationName")} />
          <FieldError message={errors.organizationName?.message} />
        </div>
      )}
      <div className="grid gap-2">
        <Label htmlFor="email">Work email</Label>
        <Input
          id="email"
          type="email"
          autoComplete="email"
          readOnly={Boolean(invite)}
          {...form.register("email")}
        />
        <FieldError message={errors.email?.message} />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="password">Password</Label>
        <Input id="password" type="password" autoComplete="new-password" {...form.register("password")} />
        <FieldError message={errors.password?.message ?? undefined} />
        {errors.password ? null : <p className="text-muted-foreground text-xs">At least 8 characters.</p>}
      </div>
      <Button type="submit" disabled={isPending || !hydrated} className="w-full">
        {isPending ? <Loader2 className="animate-spin" /> : null}
        {invite ? `Join ${invite.orgName}` : "Create account"}
      </Button>
      <p className="text-muted-foreground text-center text-sm">
        Already have an account?{" "}
        <Link className="text-foreground underline underline-offset-4" href="/sign-in">
          Sign in
        </Link>
      </p>
    </form>
  );
}
