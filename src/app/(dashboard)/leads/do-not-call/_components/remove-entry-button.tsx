"use client";

import { Loader2, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { toast } from "sonner";
import { removeDoNotCallAction } from "@/actions/do-not-call-actions";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";

/** Shown to owners and admins only; the service and RLS refuse everyone else anyway. */
export function RemoveEntryButton({
  id,
  display,
  matchingLeads,
}: {
  id: string;
  display: string;
  matchingLeads: number;
}) {
  const router = useRouter();
  const { execute, isPending } = useAction(removeDoNotCallAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      toast.success(`${data.display} removed from the do-not-call list.`, {
        description:
          data.leadsStillMarked > 0
            ? `${data.leadsStillMarked.toLocaleString()} lead${data.leadsStillMarked === 1 ? " stays" : "s stay"} marked do-not-call. Reset them in the lead table only if the person agreed to be called.`
            : undefined,
      });
      router.refresh();
    },
    onError: ({ error }) => toast.error(error.serverError ?? "The number could not be removed."),
  });
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Remove ${display}`} disabled={isPending}>
          {isPending ? <Loader2 className="animate-spin" /> : <Trash2 />}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Remove {display} from the list?</AlertDialogTitle>
          <AlertDialogDescription asChild>
            <div className="grid gap-2">
              <p>The dialer may call this number again in any campaign where it is not already marked.</p>
              <p>
                {matchingLeads > 0
                  ? `Its ${matchingLeads.toLocaleString()} lead${matchingLeads === 1 ? " keeps" : "s keep"} their current status: removing a number never resets leads on its own.`
                  : "Leads already marked do-not-call are never reset on their own."}{" "}
                Only remove a number when the person has asked to be called again.
              </p>
            </div>
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            className="bg-destructive hover:bg-destructive/90 text-white"
            onClick={() => execute({ id })}
          >
            Remove number
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
