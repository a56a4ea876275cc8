"use client";

import { Check, Copy, Loader2, UserPlus } from "lucide-react";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { inviteMemberAction } from "@/actions/invite-member-action";
import { FieldError } from "@/components/app/field-error";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
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
import type { MemberRole } from "@/lib/schemas/organization";

export function InviteMemberDialog({ canInviteOwner }: { canInviteOwner: boolean }) {
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<MemberRole>("member");
  const [copied, setCopied] = useState(false);
  const { execute, isPending, result, reset } = useAction(inviteMemberAction, {
    onSuccess: ({ data }) => toast.success(`Invitation created for ${data?.email}.`),
  });
  const link = result.data?.url;
  function close(next: boolean) {
    setOpen(next);
    if (!next) {
      reset();
      setEmail("");
      setRole("member");
      setCopied(false);
    }
  }
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogTrigger asChild>
        <Button size="sm">
          <UserPlus /> Invite member
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Invite a member</DialogTitle>
          <DialogDescription>They join this organization with the role you pick.</DialogDescription>
        </DialogHeader>
        {link ? (
          <div className="grid gap-3">
            <Alert>
              <AlertTitle>Share this link with {result.data?.email}</AlertTitle>
              <AlertDescription>
                It works once and expires in 7 days. Email delivery arrives with the mail integration; until
                then, send the link yourself.
              </AlertDescription>
            </Alert>
            <div className="flex gap-2">
              <Input readOnly value={link} data-testid="invite-link" className="font-mono text-xs" />
              <Button
                type="button"
                variant="outline"
                size="icon"
                aria-label="Copy link"
                onClick={async () => {
                  await navigator.clipboard?.writeText(link).catch(() => {});
                  setCopied(true);
                }}
              >
                {copied ? <Check /> : <Copy />}
              </Button>
            </div>
            <DialogFooter>
              <Button onClick={() => close(false)}>Done</Button>
            </DialogFooter>
          </div>
        ) : (
          <form
            className="grid gap-4"
            onSubmit={(event) => {
              event.preventDefault();
              execute({ email, role });
            }}
          >
            {result.serverError ? (
              <Alert variant="destructive">
                <AlertDescription>{result.serverError}</AlertDescription>
              </Alert>
            ) : null}
            <div className="grid gap-2">
              <Label htmlFor="invite-email">Email</Label>
              <Input
                id="invite-email"
                type="email"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                placeholder="colleague@company.com"
                autoFocus
              />
              <FieldError message={result.validationErrors?.email?._errors?.[0]} />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="invite-role">Role</Label>
              <Select value={role} onValueChange={(v) => setRole(v as MemberRole)}>
                <SelectTrigger id="invite-role" className="w-full">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value="member">Member: runs campaigns, works leads</SelectItem>
                  <SelectItem value="admin">Admin: also manages members and settings</SelectItem>
                  {canInviteOwner ? <SelectItem value="owner">Owner: full control</SelectItem> : null}
                </SelectContent>
              </Select>
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={isPending}>
                {isPending ? <Loader2 className="animate-spin" /> : null}
                Create invitation
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
