"use client";

import { X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { toast } from "sonner";
import { revokeInvitationAction } from "@/actions/manage-members-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

type Invitation = { id: string; email: string; role: string; expiresAt: string };

export function PendingInvitations({ invitations }: { invitations: Invitation[] }) {
  const router = useRouter();
  const { execute, isPending } = useAction(revokeInvitationAction, {
    onSuccess: () => {
      toast.success("Invitation revoked.");
      router.refresh();
    },
    onError: ({ error }) => toast.error(error.serverError ?? "Could not revoke the invitation."),
  });
  return (
    <div className="grid gap-2">
      <h3 className="text-sm font-medium">Pending invitations</h3>
      <ul className="divide-y rounded-md border">
        {invitations.map((i) => (
          <li
            key={i.id}
            className="flex items-center gap-3 px-3 py-2 text-sm"
            data-testid="pending-invitation"
          >
            <span className="min-w-0 flex-1 truncate">{i.email}</span>
            <Badge variant="outline" className="capitalize">
              {i.role}
            </Badge>
            <span className="text-muted-foreground hidden text-xs sm:inline">
              expires {new Date(i.expiresAt).toLocaleDateString()}
            </span>
            <Button
              variant="ghost"
              size="icon"
              aria-label={`Revoke invitation for ${i.email}`}
              disabled={isPending}
              onClick={() => execute({ invitationId: i.id })}
            >
              <X />
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
