"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { useAction } from "next-safe-action/hooks";
import { useForm } from "react-hook-form";
import { changePasswordAction } from "@/actions/change-password-action";
import { FieldError } from "@/components/app/field-error";
import { useHydrated } from "@/components/app/use-hydrated";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { type ChangePasswordInput, changePasswordSchema } from "@/lib/schemas/account";

export function ChangePasswordForm() {
  const hydrated = useHydrated();
  const form = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const { execute, isPending, result, hasSucceeded } = useAction(changePasswordAction, {
    onSuccess: () => form.reset(),
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
      ) : hasSucceeded ? (
        <Alert data-testid="password-changed">
          <AlertDescription>Password changed. Your other sessions have ended.</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid gap-2">
        <Label htmlFor="currentPassword">Current password</Label>
        <Input
          id="currentPassword"
          type="password"
          autoComplete="current-password"
          {...form.register("currentPassword")}
        />
        <FieldError message={errors.currentPassword?.message} />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="newPassword">New password</Label>
        <Input
          id="newPassword"
          type="password"
          autoComplete="new-password"
          {...form.register("newPassword")}
        />
        <FieldError message={errors.newPassword?.message} />
        {errors.newPassword ? null : <p className="text-muted-foreground text-xs">At least 8 characters.</p>}
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
      <Button
        type="submit"
        disabled={isPending || !hydrated}
        className="w-full sm:w-auto sm:justify-self-start"
      >
        {isPending ? <Loader2 className="animate-spin" /> : null}
        Change password
      </Button>
    </form>
  );
}
