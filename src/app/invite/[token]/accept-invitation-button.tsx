"use client";

import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { toast } from "sonner";
import { acceptInvitationAction } from "@/actions/accept-invitation-action";
import { Button } from "@/components/ui/button";

export function AcceptInvitationButton({ token }: { token: string }) {
  const router = useRouter();
  const { execute, isPending } = useAction(acceptInvitationAction, {
    onSuccess: () => {
      toast.success("You joined the organization.");
      router.replace("/dashboard");
      router.refresh();
    },
    onError: ({ error }) => toast.error(error.serverError ?? "Could not accept the invitation."),
  });
  return (
    <Button onClick={() => execute({ token })} disabled={isPending}>
      {isPending ? <Loader2 className="animate-spin" /> : null}
      Accept invitation
    </Button>
  );
}
