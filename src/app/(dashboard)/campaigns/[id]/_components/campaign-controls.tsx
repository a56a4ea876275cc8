"use client";

import { Archive, Loader2, Pause, Play, Square } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { toast } from "sonner";
import { changeCampaignStatusAction } from "@/actions/campaign-actions";
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
import type { CampaignAction } from "@/lib/schemas/campaign";

const DONE: Record<CampaignAction, string> = {
  start: "Campaign started: calling begins now.",
  pause: "Campaign paused. Calls in progress finish.",
  resume: "Campaign resumed.",
  stop: "Campaign stopped.",
  archive: "Campaign archived.",
};

export function CampaignControls({ campaignId, actions }: { campaignId: string; actions: CampaignAction[] }) {
  const router = useRouter();
  const { execute, isPending, input } = useAction(changeCampaignStatusAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      const action = input?.action ?? "start";
      toast.success(
        data.cancelledCalls
          ? `${DONE[action]} ${data.cancelledCalls} queued call(s) cancelled.`
          : DONE[action],
      );
      router.refresh();
    },
    onError: ({ error }) => toast.error(error.serverError ?? "Could not change the campaign."),
  });
  const run = (action: CampaignAction) => execute({ campaignId, action });
  const spin = (a: CampaignAction) =>
    isPending && input?.action === a ? <Loader2 className="animate-spin" /> : null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {actions.includes("start") ? (
        <Button size="sm" onClick={() => run("start")} disabled={isPending}>
          {spin("start") ?? <Play />} Start
        </Button>
      ) : null}
      {actions.includes("resume") ? (
        <Button size="sm" onClick={() => run("resume")} disabled={isPending}>
          {spin("resume") ?? <Play />} Resume
        </Button>
      ) : null}
      {actions.includes("pause") ? (
        <Button size="sm" variant="outline" onClick={() => run("pause")} disabled={isPending}>
          {spin("pause") ?? <Pause />} Pause
        </Button>
      ) : null}
      {actions.includes("stop") ? (
        <Confirm
          title="Stop this campaign?"
          description="No new calls are placed. Calls already ringing finish; queued calls are cancelled and their leads keep the attempt. A stopped campaign can't be restarted."
          confirm="Stop campaign"
          onConfirm={() => run("stop")}
        >
          <Button size="sm" variant="outline" disabled={isPending}>
            {spin("stop") ?? <Square />} Stop
          </Button>
        </Confirm>
      ) : null}
      {actions.includes("archive") ? (
        <Confirm
          title="Archive this campaign?"
          description="It leaves the active list and becomes read-only. Its leads and calls are kept."
          confirm="Archive"
          onConfirm={() => run("archive")}
        >
          <Button size="sm" variant="ghost" disabled={isPending}>
            {spin("archive") ?? <Archive />} Archive
          </Button>
        </Confirm>
      ) : null}
    </div>
  );
}

function Confirm({
  title,
  description,
  confirm,
  onConfirm,
  children,
}: {
  title: string;
  description: string;
  confirm: string;
  onConfirm: () => void;
  children: React.ReactNode;
}) {
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>{children}</AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction onClick={onConfirm}>{confirm}</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
