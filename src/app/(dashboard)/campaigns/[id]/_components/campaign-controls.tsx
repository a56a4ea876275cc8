"use client";

import { Archive, Loader2, type LucideIcon, Pause, Play, Square } from "lucide-react";
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
  return (
    <div className="flex flex-wrap items-center gap-2">
      {BUTTONS.filter((b) => actions.includes(b.action)).map(({ action, label, Icon, variant, confirm }) => {
        const button = (
          <Button
            key={action}
            size="sm"
            variant={variant}
            onClick={confirm ? undefined : () => execute({ campaignId, action })}
            disabled={isPending}
          >
            {isPending && input?.action === action ? <Loader2 className="animate-spin" /> : <Icon />} {label}
          </Button>
        );
        return confirm ? (
          <Confirm key={action} {...confirm} onConfirm={() => execute({ campaignId, action })}>
            {button}
          </Confirm>
        ) : (
          button
        );
      })}
    </div>
  );
}

/** The buttons in the order shown; stop and archive ask first. */
const BUTTONS: {
  action: CampaignAction;
  label: string;
  Icon: LucideIcon;
  variant?: "outline" | "ghost";
  confirm?: { title: string; description: string; confirm: string };
}[] = [
  { action: "start", label: "Start", Icon: Play },
  { action: "resume", label: "Resume", Icon: Play },
  { action: "pause", label: "Pause", Icon: Pause, variant: "outline" },
  {
    action: "stop",
    label: "Stop",
    Icon: Square,
    variant: "outline",
    confirm: {
      title: "Stop this campaign?",
      description:
        "No new calls are placed. Calls already ringing finish; queued calls are cancelled and their leads keep the attempt. A stopped campaign can't be restarted.",
      confirm: "Stop campaign",
    },
  },
  {
    action: "archive",
    label: "Archive",
    Icon: Archive,
    variant: "ghost",
    confirm: {
      title: "Archive this campaign?",
      description: "It leaves the active list and becomes read-only. Its leads and calls are kept.",
      confirm: "Archive",
    },
  },
];

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
