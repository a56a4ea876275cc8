"use client";

import { CircleCheck, Loader2 } from "lucide-react";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { type UnsubscribeState, unsubscribeAction } from "./actions";

export function UnsubscribeForm({
  token,
  orgName,
  maskedAddress,
}: {
  token: string;
  orgName: string;
  maskedAddress: string;
}) {
  const [state, action, pending] = useActionState<UnsubscribeState>(unsubscribeAction.bind(null, token), {
    status: "idle",
  });
  if (state.status === "done") return <Unsubscribed orgName={orgName} maskedAddress={maskedAddress} />;
  return (
    <form action={action} className="flex flex-col gap-3">
      <Button
        type="submit"
        size="lg"
        disabled={pending}
        className="h-auto w-full py-3 text-center leading-snug whitespace-normal"
      >
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
        <span>
          Unsubscribe <span className="font-mono">{maskedAddress}</span> from {orgName} emails
        </span>
      </Button>
      <p role="status" aria-live="polite" className="text-destructive min-h-5 text-center text-sm">
        {state.status === "invalid" ? "This link is no longer valid." : null}
        {state.status === "error" ? "Something went wrong on our side. Please try again in a minute." : null}
      </p>
    </form>
  );
}

export function Unsubscribed({ orgName, maskedAddress }: { orgName: string; maskedAddress: string }) {
  return (
    <div role="status" className="flex flex-col items-center gap-3 text-center">
      <CircleCheck className="size-10 text-emerald-600 dark:text-emerald-500" aria-hidden />
      <h2 className="text-lg font-semibold">You are unsubscribed</h2>
      <p className="text-muted-foreground text-sm text-balance">
        <span className="font-mono">{maskedAddress}</span> will not get any more emails from {orgName}. You
        can close this page.
      </p>
    </div>
  );
}
