"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useForm } from "react-hook-form";
import { signInAction } from "@/actions/sign-in-action";
import { FieldError } from "@/components/app/field-error";
import { useHydrated } from "@/components/app/use-hydrated";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { safeNextPath } from "@/lib/safe-next-path";
import { type SignInInput, signInSchema } from "@/lib/schemas/organization";

export function SignInForm({ next, email }: { next?: string; email?: string }) {
  const router = useRouter();
  // Before hydration a click would submit the form natively; keep the button off until then.
  const hydrated = useHydrated();
  const form = useForm<SignInInput>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: email ?? "", password: "" },
  });
  const { execute, isPending, result } = useAction(signInAction, {
    onSuccess: () => {
      router.replace(safeNextPath(next));
      router.refresh();
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
        <Label htmlFor="email">Email</Label>
        <Input id="email" type="email" autoComplete="email" autoFocus {...form.register("email")} />
        <FieldError message={errors.email?.message} />
      </div>
      <div className="grid gap-2">
        <div className="flex items-center justify-between gap-2">
          <Label htmlFor="password">Password</Label>
          <Link
            className="text-muted-foreground text-xs underline-offset-4 hover:underline"
            href="/auth/forgot-password"
          >
            Forgot your password?
          </Link>
        </div>
        <Input id="password" type="password" autoComplete="current-password" {...form.register("password")} />
        <FieldError message={errors.password?.message} />
      </div>
      <Button type="submit" disabled={isPending || !hydrated} className="w-full">
        {isPending ? <Loader2 className="animate-spin" /> : null}
        Sign in
      </Button>
      <p className="text-muted-foreground text-center text-sm">
        New here?{" "}
        <Link className="text-foreground underline underline-offset-4" href="/sign-up">
          Create an account
        </Link>
      </p>
    </form>
  );
}
