"use client";

import { Loader2, RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { toast } from "sonner";
import { reverifyAppointmentAction } from "@/actions/appointment-actions";
import { Button } from "@/components/ui/button";

/** Checks a Cal.com appointment against Cal.com and repairs our record; says what changed. */
export function ReverifyButton({ appointmentId }: { appointmentId: string }) {
  const router = useRouter();
  const { execute, isPending } = useAction(reverifyAppointmentAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      if (data.changes.length) {
        toast.success(data.message, { description: data.changes.join("; ") });
        router.refresh();
      } else toast.success(data.message);
    },
    onError: ({ error }) => toast.error(error.serverError ?? "Cal.com could not be asked. Try again later."),
  });
  return (
    <Button
      type="button"
      variant="ghost"
      size="icon"
      className="size-7"
      disabled={isPending}
      onClick={() => execute({ appointmentId })}
      aria-label="Re-verify with Cal.com"
      title="Re-verify with Cal.com"
    >
      {isPending ? <Loader2 className="animate-spin" /> : <RefreshCw />}
    </Button>
  );
}
