"use client";

import { CircleCheck, Loader2 } from "lucide-react";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { type UnsubscribeState, unsubscribeAction } from "./actions";

type Props = { token: string; orgName: string; maskedAddress: string };

/** The question and its one button; once confirmed the whole card becomes the confirmation. */
export function UnsubscribeForm({ token, orgName, maskedAddress }: Props) {
  const [state, action, pending] = useActionState<UnsubscribeState>(unsubscribeAction.bind(null, token), {
    status: "idle",
  });
  if (state.status === "done") return <Unsubscribed orgName={orgName} maskedAddress={maskedAddress} />;
  const problem =
    state.status === "invalid"
      ? "This link is no longer valid."
      : state.status === "error"
        ? "Something went wrong on our side. Please try again in a minute."
        : null;
  return (
    <form action={action} className="flex flex-col gap-6">
      <div className="flex flex-col gap-2 text-center">
        <h1 className="text-xl font-semibold text-balance">Stop emails from {orgName}?</h1>
        <p className="text-muted-foreground text-sm text-balance">
          You got this link in an email from {orgName}. Confirm, and they will not email{" "}
          <span className="text-foreground font-mono">{maskedAddress}</span> again.
        </p>
      </div>
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
      {problem ? (
        <p role="alert" className="text-destructive -mt-2 text-center text-sm">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

export function Unsubscribed({ orgName, maskedAddress }: { orgName: string; maskedAddress: string }) {
  return (
    <div role="status" className="flex flex-col items-center gap-3 text-center">
      <CircleCheck className="size-10 text-emerald-600 dark:text-emerald-500" aria-hidden />
      <h1 className="text-xl font-semibold">You are unsubscribed</h1>
      <p className="text-muted-foreground text-sm text-balance">
        <span className="text-foreground font-mono">{maskedAddress}</span> will not get any more emails from{" "}
        {orgName}. You can close this page.
      </p>
    </div>
  );
}
