"use client";

import { Loader2, UserMinus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { toast } from "sonner";
import { changeMemberRoleAction, removeMemberAction } from "@/actions/manage-members-action";
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
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { MemberRole } from "@/lib/schemas/organization";

type Member = {
  userId: string;
  email: string | null;
  fullName: string | null;
  role: MemberRole;
  joinedAt: string;
};

const RANK: Record<MemberRole, number> = { member: 0, admin: 1, owner: 2 };

export function MembersTable({
  members,
  currentUserId,
  actorRole,
}: {
  members: Member[];
  currentUserId: string;
  actorRole: MemberRole;
}) {
  const router = useRouter();
  const onError = ({ error }: { error: { serverError?: string } }) =>
    toast.error(error.serverError ?? "That change was not allowed.");
  const changeRole = useAction(changeMemberRoleAction, {
    onSuccess: () => {
      toast.success("Role updated.");
      router.refresh();
    },
    onError,
  });
  const remove = useAction(removeMemberAction, {
    onSuccess: () => {
      toast.success("Member removed.");
      router.refresh();
    },
    onError,
  });
  const canAdminister = RANK[actorRole] >= RANK.admin;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Member</TableHead>
          <TableHead className="w-44">Role</TableHead>
          <TableHead className="w-32">Joined</TableHead>
          <TableHead className="w-12">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {members.map((m) => {
          const self = m.userId === currentUserId;
          const editable = canAdminister && !self && (m.role !== "owner" || actorRole === "owner");
          return (
            <TableRow key={m.userId} data-testid="member-row">
              <TableCell>
                <div className="font-medium">
                  {m.fullName ?? m.email}
                  {self ? <span className="text-muted-foreground font-normal"> (you)</span> : null}
                </div>
                {m.fullName ? <div className="text-muted-foreground text-xs">{m.email}</div> : null}
              </TableCell>
              <TableCell>
                {editable ? (
                  <Select
                    value={m.role}
                    onValueChange={(role) =>
                      changeRole.execute({ userId: m.userId, role: role as MemberRole })
                    }
                    disabled={changeRole.isPending}
                  >
                    <SelectTrigger size="sm" className="w-32" aria-label={`Role of ${m.email}`}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value="member">Member</SelectItem>
                      <SelectItem value="admin">Admin</SelectItem>
                      {actorRole === "owner" ? <SelectItem value="owner">Owner</SelectItem> : null}
                    </SelectContent>
                  </Select>
                ) : (
                  <Badge variant={m.role === "owner" ? "default" : "secondary"} className="capitalize">
                    {m.role}
                  </Badge>
                )}
              </TableCell>
              <TableCell className="text-muted-foreground text-sm">
                {new Date(m.joinedAt).toLocaleDateString()}
              </TableCell>
              <TableCell>
                {editable ? (
                  <AlertDialog>
                    <AlertDialogTrigger asChild>
                      <Button variant="ghost" size="icon" aria-label={`Remove ${m.email}`}>
                        {remove.isPending ? <Loader2 className="animate-spin" /> : <UserMinus />}
                      </Button>
                    </AlertDialogTrigger>
                    <AlertDialogContent>
                      <AlertDialogHeader>
                        <AlertDialogTitle>Remove {m.fullName ?? m.email}?</AlertDialogTitle>
                        <AlertDialogDescription>
                          They lose access to this organization at once. You can invite them again later.
                        </AlertDialogDescription>
                      </AlertDialogHeader>
                      <AlertDialogFooter>
                        <AlertDialogCancel>Cancel</AlertDialogCancel>
                        <AlertDialogAction onClick={() => remove.execute({ userId: m.userId })}>
                          Remove
                        </AlertDialogAction>
                      </AlertDialogFooter>
                    </AlertDialogContent>
                  </AlertDialog>
                ) : null}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
