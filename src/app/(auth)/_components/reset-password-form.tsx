"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useForm } from "react-hook-form";
import { resetPasswordAction } from "@/actions/reset-password-action";
import { FieldError } from "@/components/app/field-error";
import { useHydrated } from "@/components/app/use-hydrated";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { type ResetPasswordInput, resetPasswordSchema } from "@/lib/schemas/account";

/** The new password, twice. With a token (built-in reset link) or in the link's session (Supabase). */
export function ResetPasswordForm({ token }: { token?: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const form = useForm<ResetPasswordInput>({
    resolver: zodResolver(resetPasswordSchema),
    defaultValues: { token, password: "", confirmPassword: "" },
  });
  const { execute, isPending, result } = useAction(resetPasswordAction, {
    onSuccess: ({ data }) => {
      const email = data?.email ? `&email=${encodeURIComponent(data.email)}` : "";
      router.replace(`/sign-in?reset=1${email}`);
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
        <Label htmlFor="password">New password</Label>
        <Input
          id="password"
          type="password"
          autoComplete="new-password"
          autoFocus
          {...form.register("password")}
        />
        <FieldError message={errors.password?.message} />
        {errors.password ? null : <p className="text-muted-foreground text-xs">At least 8 characters.</p>}
      </div>
      <div className="grid gap-2">
        <Label htmlFor="confirmPassword">Repeat the new password</Label>
        <Input
          id="confirmPassword"
          type="password"
          autoComplete="new-password"
          {...form.register("confirmPassword")}
        />
        <FieldError message={errors.confirmPassword?.message} />
      </div>
      <Button type="submit" disabled={isPending || !hydrated} className="w-full">
        {isPending ? <Loader2 className="animate-spin" /> : null}
        Set new password
      </Button>
    </form>
  );
}
