"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useForm } from "react-hook-form";
import { requestPasswordResetAction } from "@/actions/request-password-reset-action";
import { FieldError } from "@/components/app/field-error";
import { useHydrated } from "@/components/app/use-hydrated";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { type AccountEmailInput, accountEmailSchema } from "@/lib/schemas/account";

export function ForgotPasswordForm({ email }: { email?: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const form = useForm<AccountEmailInput>({
    resolver: zodResolver(accountEmailSchema),
    defaultValues: { email: email ?? "" },
  });
  const { execute, isPending, result } = useAction(requestPasswordResetAction, {
    onSuccess: ({ data }) => {
      router.push(`/auth/check-email?for=reset&email=${encodeURIComponent(data?.email ?? "")}`);
    },
  });
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
        <FieldError message={form.formState.errors.email?.message} />
      </div>
      <Button type="submit" disabled={isPending || !hydrated} className="w-full">
        {isPending ? <Loader2 className="animate-spin" /> : null}
        Email me a link
      </Button>
    </form>
  );
}
