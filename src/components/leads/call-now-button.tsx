"use client";

import { Loader2, Phone } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { callLeadNowAction } from "@/actions/call-now-action";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { formatInZone } from "@/lib/format-time";

type Offer = { scheduledAt: string; timezone: string; reason: string | null };

/**
 * "Call now": one call to the lead through its campaign. Inside the lead's calling window the
 * call is placed at once (the page refreshes while it runs); outside it, the next allowed time is
 * offered and scheduled only if accepted. Nothing overrides the window.
 */
export function CallNowButton({
  leadId,
  live = false,
  size = "sm",
  variant = "outline",
}: {
  leadId: string;
  /** A call to the lead is due or in flight: keep the page fresh so it shows as it happens. */
  live?: boolean;
  size?: "sm" | "default";
  variant?: "outline" | "default";
}) {
  const router = useRouter();
  const [offer, setOffer] = useState<Offer | null>(null);
  const [justCalled, setJustCalled] = useState(false);
  useEffect(() => {
    if (!live && !justCalled) return;
    const timer = setInterval(() => router.refresh(), 3_000);
    // Right after "Call now" the lead may not read as due yet: watch for a minute regardless.
    const stop = justCalled ? setTimeout(() => setJustCalled(false), 60_000) : undefined;
    return () => {
      clearInterval(timer);
      if (stop) clearTimeout(stop);
    };
  }, [live, justCalled, router]);
  const { execute, isPending } = useAction(callLeadNowAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      if (data.status === "outside_window") {
        setOffer({ scheduledAt: data.scheduledAt, timezone: data.timezone, reason: data.reason });
        return;
      }
      setOffer(null);
      if (data.status === "calling") setJustCalled(true);
      toast.success(
        data.status === "calling"
          ? "Calling now: the call shows here in a moment."
          : `Scheduled for ${formatInZone(new Date(data.scheduledAt), data.timezone, "datetime")} the lead's time.`,
      );
      router.refresh();
    },
    onError: ({ error }) => toast.error(error.serverError ?? "The call could not be placed."),
  });
  return (
    <>
      <Button
        type="button"
        size={size}
        variant={variant}
        disabled={isPending}
        onClick={() => execute({ leadId, acceptNextTime: false })}
      >
        {isPending ? <Loader2 className="animate-spin" /> : <Phone />} Call now
      </Button>
      <AlertDialog open={offer !== null} onOpenChange={(open) => (open ? null : setOffer(null))}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Outside the lead's calling hours</AlertDialogTitle>
            <AlertDialogDescription>
              {offer
                ? `The campaign may not call this lead now. The next allowed time is ${formatInZone(
                    new Date(offer.scheduledAt),
                    offer.timezone,
                    "datetime",
                  )} in the lead's time zone (${offer.timezone.replaceAll("_", " ")}).`
                : null}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Not now</AlertDialogCancel>
            <AlertDialogAction onClick={() => execute({ leadId, acceptNextTime: true })}>
              Schedule it then
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
