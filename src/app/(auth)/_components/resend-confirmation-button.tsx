"use client";

import { Loader2 } from "lucide-react";
import { useAction } from "next-safe-action/hooks";
import { resendConfirmationAction } from "@/actions/resend-confirmation-action";
import { useHydrated } from "@/components/app/use-hydrated";
import { Button } from "@/components/ui/button";

/** "Send the link again": says it did (for every address alike), or why it could not. */
export function ResendConfirmationButton({ email }: { email: string }) {
  const hydrated = useHydrated();
  const { execute, isPending, result, hasSucceeded } = useAction(resendConfirmationAction);
  return (
    <div className="grid gap-2">
      <Button
        type="button"
        variant="outline"
        disabled={isPending || !hydrated}
        onClick={() => execute({ email })}
      >
        {isPending ? <Loader2 className="animate-spin" /> : null}
        Send the link again
      </Button>
      <p className="text-muted-foreground text-xs" aria-live="polite">
        {result.serverError ??
          (hasSucceeded ? "If a sign-up is waiting for this address, a new link is on its way." : "")}
      </p>
    </div>
  );
}
