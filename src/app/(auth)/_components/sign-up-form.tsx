"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { signUpAction } from "@/actions/sign-up-action";
import { FieldError } from "@/components/app/field-error";
import { useHydrated } from "@/components/app/use-hydrated";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { signUpSchema } from "@/lib/schemas/organization";

type Values = z.input<typeof signUpSchema>;

export function SignUpForm({ invite }: { invite?: { token: string; email: string; orgName: string } }) {
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
      } else if (data) {
        // Worded for a new address and a taken one alike: the page never says which.
        router.push(`/auth/check-email?email=${encodeURIComponent(data.email)}`);
      }
    },
  });
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
