"use client";

import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { confirmSignUpAction } from "@/actions/confirm-sign-up-action";
import { openRecoveryLinkAction } from "@/actions/open-recovery-link-action";
import { useHydrated } from "@/components/app/use-hydrated";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { SignUpLinkType } from "@/lib/integrations/auth/types";

/**
 * Supabase links: one button that spends the link's token. Opening the page changes nothing, so
 * a mail scanner that fetches the link before the user does cannot use it up.
 */
export function LinkButtonForm(
  props:
    | { purpose: "confirm"; token: string; type: SignUpLinkType; next?: string }
    | { purpose: "recovery"; token: string },
) {
  const router = useRouter();
  const hydrated = useHydrated();
  const go = ({ data }: { data?: { next: string } }) => {
    router.replace(data?.next ?? "/dashboard");
    router.refresh();
  };
  const confirm = useAction(confirmSignUpAction, { onSuccess: go });
  const recovery = useAction(openRecoveryLinkAction, { onSuccess: go });
  const action = props.purpose === "confirm" ? confirm : recovery;
  return (
    <form
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (props.purpose === "confirm")
          confirm.execute({ token: props.token, type: props.type, next: props.next });
        else recovery.execute({ token: props.token });
      }}
    >
      {action.result.serverError ? (
        <Alert variant="destructive" role="alert">
          <AlertDescription>{action.result.serverError}</AlertDescription>
        </Alert>
      ) : null}
      <Button type="submit" disabled={action.isPending || !hydrated} className="w-full">
        {action.isPending ? <Loader2 className="animate-spin" /> : null}
        {props.purpose === "confirm" ? "Confirm my email" : "Choose a new password"}
      </Button>
    </form>
  );
}
