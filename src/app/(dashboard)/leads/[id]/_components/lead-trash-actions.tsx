"use client";

import { Eraser, Loader2, Undo2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { erasePersonAction, restoreLeadsAction } from "@/actions/lead-actions";
import { plural } from "@/components/leads/lead-labels";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";

/** Takes a lead out of the trash (owners and admins; the page shows it only to them). */
export function RestoreLeadButton({ leadId }: { leadId: string }) {
  const router = useRouter();
  const { execute, isPending } = useAction(restoreLeadsAction, {
    onSuccess: () => {
      toast.success("Lead restored.");
      router.refresh();
    },
    onError: ({ error }) => toast.error(error.serverError ?? "The lead could not be restored."),
  });
  return (
    <Button
      size="sm"
      variant="outline"
      disabled={isPending}
      onClick={() => execute({ selection: { mode: "ids", ids: [leadId] } })}
    >
      {isPending ? <Loader2 className="animate-spin" /> : <Undo2 />} Restore
    </Button>
  );
}

/**
 * A privacy request: erases this person (this lead and every lead with its number) and everything
 * held about them. Owners and admins only; the server checks again.
 */
export function ErasePersonButton({
  leadId,
  display,
  otherLeads,
}: {
  leadId: string;
  /** The name or number the dialog names. */
  display: string;
  /** Other leads of the organization with the same number (other campaigns, or the trash). */
  otherLeads: number;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { execute, isPending } = useAction(erasePersonAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      toast.success(`Erased ${display}'s data.`, {
        description: `${plural(data.leads, "lead")}, ${plural(data.calls, "call")}, ${plural(data.appointments, "appointment")}, ${plural(data.emails, "email")} and ${plural(data.webhookEvents, "provider message")}. The do-not-call entry, if any, stays.`,
      });
      setOpen(false);
      router.push("/leads");
    },
    onError: ({ error }) => toast.error(error.serverError ?? "The data could not be erased."),
  });
  return (
    <AlertDialog open={open} onOpenChange={(next) => (isPending ? null : setOpen(next))}>
      <AlertDialogTrigger asChild>
        <Button size="sm" variant="outline" className="text-destructive hover:text-destructive">
          <Eraser /> Erase this person&apos;s data
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Erase everything about {display}?</AlertDialogTitle>
          <AlertDialogDescription asChild>
            <div className="grid gap-2">
              <p>
                For a privacy request. Erased for good, with no trash and no undo: this lead
                {otherLeads > 0 ? ` and ${plural(otherLeads, "other lead")} with the same number` : ""}, their
                calls (transcripts, recordings&apos; links, cost), meetings, emails, history, and the messages
                providers sent us about them.
              </p>
              <p>
                Kept: the number&apos;s do-not-call entry and the address&apos;s email suppression, if any
                (the record that they must not be contacted again), and an audit entry that names no personal
                data. Meetings in Cal.com and recordings kept by Retell or Vapi live with those services:
                erase them there too.
              </p>
            </div>
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={isPending}>Cancel</AlertDialogCancel>
          <Button variant="destructive" disabled={isPending} onClick={() => execute({ leadId })}>
            {isPending ? <Loader2 className="animate-spin" /> : null}
            Erase everything
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
