"use client";

import { Loader2, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { createCampaignAction } from "@/actions/create-campaign-action";
import { FieldError } from "@/components/app/field-error";
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
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";

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
  const [requireConsent, setRequireConsent] = useState(false);
  const { execute, isPending, result, reset } = useAction(createCampaignAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      toast.success(`Campaign “${data.name}” created.`);
      setOpen(false);
      setName("");
      reset();
      onCreated?.(data);
      router.refresh();
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
            <Select value={timezone} onValueChange={setTimezone}>
              <SelectTrigger id="campaign-tz" className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent className="max-h-72">
                {timeZones.map((tz) => (
                  <SelectItem key={tz} value={tz}>
                    {tz.replaceAll("_", " ")}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            <p className="text-muted-foreground text-xs">
              Used only for a lead whose zone can't be read from its file or inferred from its number.
            </p>
          </div>
          <div className="flex items-start justify-between gap-4 rounded-md border p-3">
            <div className="grid gap-1">
              <Label htmlFor="campaign-consent">Require consent</Label>
              <p className="text-muted-foreground text-xs">
                Only leads with recorded consent to be called will be dialed.
              </p>
            </div>
            <Switch id="campaign-consent" checked={requireConsent} onCheckedChange={setRequireConsent} />
          </div>
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
