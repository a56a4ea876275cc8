"use client";

import { Loader2, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { addDoNotCallAction } from "@/actions/do-not-call-actions";
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
import { Textarea } from "@/components/ui/textarea";

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

export function AddNumberDialog({ defaultCountry }: { defaultCountry: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [phone, setPhone] = useState("");
  const [reason, setReason] = useState("");
  const { execute, isPending, result, reset } = useAction(addDoNotCallAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      if (data.status === "already_listed") {
        const since = data.listedAt ? ` since ${new Date(data.listedAt).toLocaleDateString()}` : "";
        toast.info(`${data.display} is already on the list${since}.`, {
          description: data.listedBy ? `Added by ${data.listedBy}. Nothing changed.` : "Nothing changed.",
        });
      } else {
        toast.success(`${data.display} added to the do-not-call list.`, {
          description:
            data.leadsMarked > 0
              ? `${plural(data.leadsMarked, "lead")} in ${plural(data.campaignsMarked, "campaign")} marked do-not-call.`
              : "No leads have this number yet; any imported later arrive as do-not-call.",
        });
      }
      setOpen(false);
      setPhone("");
      setReason("");
      reset();
      router.refresh();
    },
  });
  const phoneError = result.validationErrors?.phone?._errors?.[0];
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm">
          <Plus /> Add number
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Add to the do-not-call list</DialogTitle>
          <DialogDescription>
            The number is never called again from any campaign. Its leads are marked do-not-call right away.
          </DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            execute({ phone, reason });
          }}
        >
          <div className="grid gap-2">
            <Label htmlFor="dnc-phone">Phone number</Label>
            <Input
              id="dnc-phone"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              placeholder="(415) 555-0123 or +44 20 7946 0958"
              inputMode="tel"
              autoComplete="off"
              aria-invalid={phoneError ? true : undefined}
              autoFocus
            />
            <FieldError message={phoneError} />
            {phoneError ? null : (
              <p className="text-muted-foreground text-xs">
                Numbers without a country code are read as {defaultCountry} (your organization's default
                country).
              </p>
            )}
          </div>
          <div className="grid gap-2">
            <Label htmlFor="dnc-reason">
              Reason <span className="text-muted-foreground font-normal">(optional)</span>
            </Label>
            <Textarea
              id="dnc-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="Asked not to be called again"
              rows={2}
              maxLength={500}
            />
            <FieldError message={result.validationErrors?.reason?._errors?.[0]} />
          </div>
          <FieldError message={result.serverError} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={isPending || phone.trim() === ""}>
              {isPending ? <Loader2 className="animate-spin" /> : null}
              Add number
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
