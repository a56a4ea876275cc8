"use client";

import { Loader2, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { createCampaignAction } from "@/actions/create-campaign-action";
import { FieldError } from "@/components/app/field-error";
import { TimeZoneCombobox } from "@/components/app/time-zone-combobox";
import { ConsentSwitch } from "@/components/campaigns/consent-switch";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

export function CreateCampaignDialog({
  defaultTimezone,
  timeZones,
  onCreated,
  trigger,
}: {
  defaultTimezone: string;
  timeZones: string[];
  onCreated?: (campaign: { id: string; name: string }) => void;
  trigger?: React.ReactNode;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [timezone, setTimezone] = useState(defaultTimezone);
  const [requireConsent, setRequireConsent] = useState(true);
  const { execute, isPending, result, reset } = useAction(createCampaignAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      setOpen(false);
      setName("");
      setRequireConsent(true);
      reset();
      if (onCreated) {
        // Picked from another flow (the import wizard): stay there with the new campaign chosen.
        toast.success(`Campaign “${data.name}” created.`);
        onCreated(data);
        router.refresh();
      } else {
        // What comes next (calling hours, leads, Start) is on the campaign's own page.
        router.push(`/campaigns/${data.id}`);
      }
    },
  });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        {trigger ?? (
          <Button size="sm">
            <Plus /> New campaign
          </Button>
        )}
      </DialogTrigger>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>New campaign</DialogTitle>
          <DialogDescription>
            Leads belong to a campaign. It starts as a draft; calling settings come before launch.
          </DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            execute({ name, defaultTimezone: timezone, requireConsent });
          }}
        >
          <div className="grid gap-2">
            <Label htmlFor="campaign-name">Name</Label>
            <Input
              id="campaign-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="Q1 solar follow-ups"
              autoFocus
            />
            <FieldError message={result.validationErrors?.name?._errors?.[0] ?? result.serverError} />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="campaign-tz">Default time zone</Label>
            <TimeZoneCombobox
              id="campaign-tz"
              value={timezone}
              onChange={setTimezone}
              timeZones={timeZones}
            />
            <p className="text-muted-foreground text-xs">
              Used only for a lead whose zone can't be read from its file or inferred from its number.
            </p>
          </div>
          <ConsentSwitch
            id="campaign-consent"
            checked={requireConsent}
            onCheckedChange={setRequireConsent}
            description="Only leads with recorded consent to be called will be dialed."
          />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={isPending}>
              {isPending ? <Loader2 className="animate-spin" /> : null}
              Create campaign
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
