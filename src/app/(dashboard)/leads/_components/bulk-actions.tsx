"use client";

import { ArrowRightLeft, Loader2, PhoneOff, RotateCcw, Trash2, X } from "lucide-react";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import {
  addLeadsToDoNotCallAction,
  deleteLeadsAction,
  moveLeadsAction,
  previewResetLeadsAction,
  resetLeadsAction,
} from "@/actions/lead-actions";
import { FieldError } from "@/components/app/field-error";
import { plural } from "@/components/leads/lead-labels";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { ResetPreview } from "@/lib/db/queries/leads";
import type { LeadSelection } from "@/lib/schemas/lead";
import type { CampaignOption } from "./lead-row";

type Dialog = "reset" | "move" | "dnc" | "delete";

function sentence(parts: (string | false | null)[]): string {
  return parts.filter(Boolean).join(" ");
}

/** A confirmation that stays open (and says so) while its action runs. */
function Confirm({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  destructive,
  pending,
  disabled,
  onConfirm,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  pending: boolean;
  disabled?: boolean;
  onConfirm: () => void;
  children?: React.ReactNode;
}) {
  return (
    <AlertDialog open={open} onOpenChange={(next) => (pending ? null : onOpenChange(next))}>
      <AlertDialogContent>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            onConfirm();
          }}
        >
          <AlertDialogHeader>
            <AlertDialogTitle>{title}</AlertDialogTitle>
            <AlertDialogDescription>{description}</AlertDialogDescription>
          </AlertDialogHeader>
          {children}
          <AlertDialogFooter>
            <AlertDialogCancel type="button" disabled={pending}>
              Cancel
            </AlertDialogCancel>
            <Button
              type="submit"
              variant={destructive ? "destructive" : "default"}
              disabled={pending || disabled}
            >
              {pending ? <Loader2 className="animate-spin" /> : null}
              {confirmLabel}
            </Button>
          </AlertDialogFooter>
        </form>
      </AlertDialogContent>
    </AlertDialog>
  );
}

/**
 * The bar shown while leads are selected, and its four actions. Each runs as one statement on
 * the server, on the ticked rows or on everything matching the filter, after a confirmation that
 * names how many leads it touches. Deleting and moving everything a filter matches is for owners
 * and admins (the server refuses members too); members act on the rows they tick.
 */
export function BulkActions({
  selection,
  count,
  campaigns,
  currentCampaignId,
  canAdminister,
  onDone,
  onClear,
}: {
  selection: LeadSelection;
  /** How many leads the selection holds; null while not counted (everything past the cap). */
  count: number | null;
  campaigns: CampaignOption[];
  currentCampaignId: string | undefined;
  /** Owners and admins: may delete or move everything matching the filter, and see the trash. */
  canAdminister: boolean;
  onDone: () => void;
  onClear: () => void;
}) {
  const wholeFilter = selection.mode === "filter";
  const canDeleteOrMove = canAdminister || !wholeFilter;
  const [open, setOpen] = useState<Dialog | null>(null);
  const [target, setTarget] = useState<string>("");
  const [reason, setReason] = useState("");
  const leads = count === null ? "all matching leads" : plural(count, "lead");
  const them = count === 1 ? "it" : "them";
  const finish = (message: string) => {
    toast.success(message);
    setOpen(null);
    onDone();
  };
  const onError = ({ error }: { error: { serverError?: string } }) =>
    toast.error(error.serverError ?? "That didn't work. Check your selection and try again.");

  const [includeBooked, setIncludeBooked] = useState(false);
  const resetPreview = useAction(previewResetLeadsAction, { onError });
  const reset = useAction(resetLeadsAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      finish(
        sentence([
          `${plural(data.reset, "lead")} reset to pending.`,
          data.skippedBooked > 0 && `${plural(data.skippedBooked, "booked lead")} left as booked.`,
          data.skippedDoNotCall > 0 &&
            `${plural(data.skippedDoNotCall, "lead")} skipped: on the do-not-call list.`,
          data.skippedInCall > 0 && `${plural(data.skippedInCall, "lead")} skipped: in a call right now.`,
        ]),
      );
    },
    onError,
  });
  const move = useAction(moveLeadsAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      finish(
        sentence([
          `Moved ${plural(data.moved, "lead")} to ${data.campaignName}.`,
          data.conflicts > 0 &&
            `${plural(data.conflicts, "lead")} skipped: ${data.campaignName} already has ${data.conflicts === 1 ? "that number" : "those numbers"}.`,
          data.alreadyThere > 0 &&
            `${plural(data.alreadyThere, "lead")} ${data.alreadyThere === 1 ? "was" : "were"} already there.`,
        ]),
      );
    },
    onError,
  });
  const dnc = useAction(addLeadsToDoNotCallAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      finish(
        sentence([
          `Added ${plural(data.added, "number")} to the do-not-call list; every lead with ${data.added === 1 ? "it" : "them"} is now marked do-not-call.`,
          data.alreadyListed > 0 &&
            `${plural(data.alreadyListed, "number")} ${data.alreadyListed === 1 ? "was" : "were"} already on it.`,
        ]),
      );
    },
    onError,
  });
  const remove = useAction(deleteLeadsAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      toast.success(`Moved ${plural(data.deleted, "lead")} to the trash.`, {
        description: canAdminister
          ? "Restore them from Leads › Trash within 30 days; after that they are erased."
          : "An owner or admin can restore them within 30 days.",
      });
      setOpen(null);
      onDone();
    },
    onError,
  });

  const targets = campaigns.filter((c) => c.id !== currentCampaignId);
  const openDialog = (dialog: Dialog) => {
    setTarget("");
    setReason("");
    dnc.reset();
    if (dialog === "reset") {
      setIncludeBooked(false);
      resetPreview.reset();
      resetPreview.execute({ selection, includeBooked: false });
    }
    setOpen(dialog);
  };
  const dialogProps = (dialog: Dialog) => ({
    open: open === dialog,
    onOpenChange: (next: boolean) => setOpen(next ? dialog : null),
  });

  return (
    <>
      <div className="flex items-center gap-2">
        <Button variant="ghost" size="icon" className="size-7" onClick={onClear} aria-label="Clear selection">
          <X />
        </Button>
        <p className="text-sm font-medium" aria-live="polite">
          {selection.mode === "filter"
            ? count === null
              ? "All matching leads selected"
              : `All ${plural(count, "matching lead")} selected`
            : `${plural(count ?? 0, "lead")} selected`}
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="outline" size="sm" onClick={() => openDialog("reset")}>
          <RotateCcw /> Reset to pending
        </Button>
        {canDeleteOrMove ? (
          <Button
            variant="outline"
            size="sm"
            onClick={() => openDialog("move")}
            disabled={targets.length === 0}
          >
            <ArrowRightLeft /> Move to campaign
          </Button>
        ) : null}
        <Button variant="outline" size="sm" onClick={() => openDialog("dnc")}>
          <PhoneOff /> Add to do-not-call
        </Button>
        {canDeleteOrMove ? (
          <Button
            variant="outline"
            size="sm"
            className="text-destructive hover:text-destructive"
            onClick={() => openDialog("delete")}
          >
            <Trash2 /> Delete
          </Button>
        ) : (
          <p className="text-muted-foreground text-xs" data-testid="filter-delete-note">
            Only owners and admins can delete or move all matching leads. Tick leads to delete or move them.
          </p>
        )}
      </div>

      <Confirm
        {...dialogProps("reset")}
        title={`Reset ${leads} to pending?`}
        description={`Their status becomes pending, attempts go back to 0 (the next call is attempt 1) and scheduled retries are cleared, so the dialer may call ${them} again.`}
        confirmLabel={
          resetPreview.result.data
            ? `Reset ${plural(resetPreview.result.data.willReset, "lead")}`
            : "Reset leads"
        }
        pending={reset.isPending}
        disabled={resetPreview.isPending || resetPreview.result.data?.willReset === 0}
        onConfirm={() => reset.execute({ selection, includeBooked })}
      >
        <ResetSummary
          preview={resetPreview.result.data}
          loading={resetPreview.isPending}
          includeBooked={includeBooked}
          onIncludeBooked={(value) => {
            setIncludeBooked(value);
            resetPreview.execute({ selection, includeBooked: value });
          }}
        />
      </Confirm>

      <Confirm
        {...dialogProps("move")}
        title={`Move ${leads} to another campaign?`}
        description="A phone number can be in a campaign only once: a lead whose number the target campaign already has stays where it is, and you'll see how many."
        confirmLabel={count === null ? "Move leads" : `Move ${plural(count, "lead")}`}
        pending={move.isPending}
        disabled={!target}
        onConfirm={() => move.execute({ selection, campaignId: target })}
      >
        <div className="grid gap-2">
          <Label htmlFor="move-target">Campaign</Label>
          <Select value={target} onValueChange={setTarget}>
            <SelectTrigger id="move-target" className="w-full">
              <SelectValue placeholder="Choose a campaign" />
            </SelectTrigger>
            <SelectContent>
              {targets.map((c) => (
                <SelectItem key={c.id} value={c.id}>
                  {c.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
      </Confirm>

      <Confirm
        {...dialogProps("dnc")}
        title={`Add the numbers of ${leads} to the do-not-call list?`}
        description="Every lead with one of these numbers, in every campaign, is marked do-not-call and will not be called again. Only an admin can take a number off the list."
        confirmLabel="Add to do-not-call"
        destructive
        pending={dnc.isPending}
        disabled={reason.trim().length < 2}
        onConfirm={() => dnc.execute({ selection, reason })}
      >
        <div className="grid gap-2">
          <Label htmlFor="dnc-reason">Reason</Label>
          <Input
            id="dnc-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. Asked not to be called"
            maxLength={500}
            autoFocus
          />
          <FieldError message={dnc.result.validationErrors?.reason?._errors?.[0]} />
        </div>
      </Confirm>

      <Confirm
        {...dialogProps("delete")}
        title={`Delete ${leads}?`}
        description={`${count === 1 ? "It moves" : "They move"} to the trash: out of every list and never called, and an owner or admin can restore ${them} for 30 days. After that ${count === 1 ? "it is" : "they are"} erased with ${count === 1 ? "its" : "their"} calls, meetings and emails. To stop calling someone, add ${them} to the do-not-call list instead.`}
        confirmLabel={count === null ? "Delete leads" : `Delete ${plural(count, "lead")}`}
        destructive
        pending={remove.isPending}
        onConfirm={() => remove.execute({ selection })}
      />
    </>
  );
}

/** What a reset will do, counted on the server before the user confirms. */
function ResetSummary({
  preview,
  loading,
  includeBooked,
  onIncludeBooked,
}: {
  preview: ResetPreview | undefined;
  loading: boolean;
  includeBooked: boolean;
  onIncludeBooked: (value: boolean) => void;
}) {
  if (!preview) {
    return (
      <p className="text-muted-foreground flex items-center gap-2 text-sm">
        {loading ? <Loader2 className="size-4 animate-spin" /> : null} Counting what will happen…
      </p>
    );
  }
  // "1 lead … stays", "2 leads … stay": the verb agrees with the count.
  const v = (n: number, one: string, many: string) => (n === 1 ? one : many);
  const lines = [
    `${plural(preview.willReset, "lead")} will go back to pending and may be called again.`,
    preview.booked > 0 &&
      (includeBooked
        ? `${plural(preview.booked, "lead")} who booked a meeting will be called again.`
        : `${plural(preview.booked, "lead")} who booked a meeting ${v(preview.booked, "stays", "stay")} booked and ${v(preview.booked, "is", "are")} not called.`),
    preview.callback > 0 &&
      `${plural(preview.callback, "lead")} waiting for a callback ${v(preview.callback, "loses", "lose")} the time they asked for and ${v(preview.callback, "is", "are")} called at the next allowed hour.`,
    preview.doNotCall > 0 &&
      `${plural(preview.doNotCall, "lead")} on the do-not-call list ${v(preview.doNotCall, "is", "are")} skipped.`,
    preview.inCall > 0 &&
      `${plural(preview.inCall, "lead")} in a call right now ${v(preview.inCall, "is", "are")} skipped.`,
  ].filter((line): line is string => Boolean(line));
  return (
    <div className="grid gap-3" data-testid="reset-summary">
      <ul className="list-disc space-y-1 pl-5 text-sm">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {preview.booked > 0 ? (
        <div className="flex items-start gap-2">
          <Checkbox
            id="reset-include-booked"
            checked={includeBooked}
            disabled={loading}
            onCheckedChange={(value) => onIncludeBooked(value === true)}
          />
          <label htmlFor="reset-include-booked" className="text-sm leading-tight">
            Also call the {plural(preview.booked, "booked lead")} again
          </label>
        </div>
      ) : null}
    </div>
  );
}
