"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useForm } from "react-hook-form";
import { confirmSignUpAction } from "@/actions/confirm-sign-up-action";
import { FieldError } from "@/components/app/field-error";
import { useHydrated } from "@/components/app/use-hydrated";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { SignUpLinkType } from "@/lib/integrations/auth/types";
import { type ConfirmSignUpWithPasswordInput, confirmSignUpWithPasswordSchema } from "@/lib/schemas/account";

/** Built-in sign-in: the emailed link's page asks for the password chosen at sign-up. */
export function ConfirmSignUpForm({
  token,
  type,
  next,
}: {
  token: string;
  type: SignUpLinkType;
  next?: string;
}) {
  const router = useRouter();
  // Before hydration a click would submit the form natively; keep the button off until then.
  const hydrated = useHydrated();
  const form = useForm<ConfirmSignUpWithPasswordInput>({
    resolver: zodResolver(confirmSignUpWithPasswordSchema),
    defaultValues: { token, type, next, password: "" },
  });
  const { execute, isPending, result } = useAction(confirmSignUpAction, {
    onSuccess: ({ data }) => {
      router.replace(data?.next ?? "/dashboard");
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
        <Label htmlFor="password">Password</Label>
        <Input
          id="password"
          type="password"
          autoComplete="current-password"
          autoFocus
          {...form.register("password")}
        />
        <FieldError message={errors.password?.message} />
      </div>
      <Button type="submit" disabled={isPending || !hydrated} className="w-full">
        {isPending ? <Loader2 className="animate-spin" /> : null}
        Finish signing up
      </Button>
    </form>
  );
}
