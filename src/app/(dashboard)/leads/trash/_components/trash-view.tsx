"use client";

import { Eraser, Loader2, Undo2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { eraseTrashedLeadsAction, restoreLeadsAction } from "@/actions/lead-actions";
import { Pager } from "@/components/app/pager";
import { plural } from "@/components/leads/lead-labels";
import { LocalTime } from "@/components/local-time";
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
import { Card } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount } from "@/lib/schemas/list";

export type TrashRow = {
  id: string;
  name: string | null;
  company: string | null;
  phone: string;
  campaignName: string;
  deletedAt: string;
  deletedBy: string | null;
  daysLeft: number;
};

type Confirming = { kind: "restore-all" } | { kind: "erase"; ids: string[] } | null;

/** The trash: tick leads to restore or erase them now; or restore everything. */
export function TrashView({
  rows,
  total,
  capped,
  page,
  pageSize,
}: {
  rows: TrashRow[];
  total: number;
  /** The count stopped at the cap: more than `total` leads are in the trash. */
  capped: boolean;
  page: number;
  pageSize: number;
}) {
  // "10,000+ leads" past the cap; the restore-all action needs no exact number.
  const inTrash = capped ? `${formatCount(total, true)} leads` : plural(total, "lead");
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState<Confirming>(null);
  const ids = rows.map((r) => r.id).filter((id) => selected.has(id));
  const allTicked = rows.length > 0 && ids.length === rows.length;
  const done = () => {
    setSelected(new Set());
    setConfirming(null);
    router.refresh();
  };
  const onError = ({ error }: { error: { serverError?: string } }) => {
    toast.error(error.serverError ?? "That didn't work. Reload the page and try again.");
    setConfirming(null);
  };

  const restore = useAction(restoreLeadsAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      toast.success(`Restored ${plural(data.restored, "lead")}.`, {
        description:
          data.conflicts > 0
            ? `${plural(data.conflicts, "lead")} stayed in the trash: ${data.conflicts === 1 ? "its campaign has" : "their campaigns have"} a live lead with the same number again.`
            : undefined,
      });
      done();
    },
    onError,
  });
  const erase = useAction(eraseTrashedLeadsAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      toast.success(`Erased ${plural(data.leads, "lead")} for good.`, {
        description: `With ${plural(data.calls, "call")}, ${plural(data.appointments, "appointment")} and ${plural(data.emails, "email")}.`,
      });
      done();
    },
    onError,
  });
  const pending = restore.isPending || erase.isPending;

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  return (
    <Card className="gap-0 py-0">
      <div className="flex min-h-12 flex-wrap items-center justify-between gap-2 border-b px-4 py-2">
        <p className="text-sm font-medium" aria-live="polite">
          {ids.length > 0 ? `${plural(ids.length, "lead")} selected` : `${inTrash} in the trash`}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          {ids.length > 0 ? (
            <>
              <Button
                size="sm"
                variant="outline"
                disabled={pending}
                onClick={() => restore.execute({ selection: { mode: "ids", ids } })}
              >
                {restore.isPending ? <Loader2 className="animate-spin" /> : <Undo2 />} Restore
              </Button>
              <Button
                size="sm"
                variant="outline"
                className="text-destructive hover:text-destructive"
                disabled={pending}
                onClick={() => setConfirming({ kind: "erase", ids })}
              >
                <Eraser /> Erase now
              </Button>
            </>
          ) : (
            <Button
              size="sm"
              variant="outline"
              disabled={pending}
              onClick={() => setConfirming({ kind: "restore-all" })}
            >
              <Undo2 /> Restore all
            </Button>
          )}
        </div>
      </div>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead className="w-10 pl-4">
              <Checkbox
                aria-label="Select all leads on this page"
                checked={allTicked ? true : ids.length > 0 ? "indeterminate" : false}
                onCheckedChange={(on) =>
                  setSelected(on === true ? new Set(rows.map((r) => r.id)) : new Set())
                }
              />
            </TableHead>
            <TableHead>Lead</TableHead>
            <TableHead className="hidden md:table-cell">Campaign</TableHead>
            <TableHead className="hidden md:table-cell">Deleted by</TableHead>
            <TableHead className="hidden md:table-cell">Deleted</TableHead>
            <TableHead className="pr-4 text-right">Erased in</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow
              key={r.id}
              data-testid="trash-row"
              data-state={selected.has(r.id) ? "selected" : undefined}
            >
              <TableCell className="pl-4">
                <Checkbox
                  aria-label={`Select ${r.name ?? r.phone}`}
                  checked={selected.has(r.id)}
                  onCheckedChange={(on) => toggle(r.id, on === true)}
                />
              </TableCell>
              <TableCell className="min-w-40">
                <div className="grid max-w-56 leading-tight">
                  <Link href={`/leads/${r.id}`} className="truncate font-medium hover:underline">
                    {r.name ?? r.phone}
                  </Link>
                  <span className="text-muted-foreground truncate text-xs tabular-nums">
                    {r.name ? r.phone : null}
                    {r.name && r.company ? " · " : null}
                    {r.company}
                  </span>
                  {/* The columns a narrow screen leaves out, under the name. */}
                  <span className="text-muted-foreground truncate text-xs md:hidden">
                    {r.campaignName} · deleted by {r.deletedBy ?? "a former member"}
                  </span>
                </div>
              </TableCell>
              <TableCell className="hidden max-w-40 truncate md:table-cell">{r.campaignName}</TableCell>
              <TableCell className="hidden max-w-48 truncate text-sm md:table-cell">
                {r.deletedBy ?? <span className="text-muted-foreground">Former member</span>}
              </TableCell>
              <TableCell className="text-muted-foreground hidden text-sm whitespace-nowrap md:table-cell">
                <LocalTime value={r.deletedAt} format="date" />
              </TableCell>
              <TableCell className="pr-4 text-right whitespace-nowrap tabular-nums">
                {r.daysLeft === 0 ? "Today" : plural(r.daysLeft, "day")}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Pager
        page={page}
        pageSize={pageSize}
        total={total}
        capped={capped}
        rows={rows.length}
        href={(p) => (p > 1 ? `/leads/trash?page=${p}` : "/leads/trash")}
      />

      <AlertDialog
        open={confirming !== null}
        onOpenChange={(open) => (open || pending ? null : setConfirming(null))}
      >
        <AlertDialogContent>
          {confirming?.kind === "erase" ? (
            <>
              <AlertDialogHeader>
                <AlertDialogTitle>Erase {plural(confirming.ids.length, "lead")} for good?</AlertDialogTitle>
                <AlertDialogDescription>
                  The {confirming.ids.length === 1 ? "lead is" : "leads are"} erased now instead of after 30
                  days, with {confirming.ids.length === 1 ? "its" : "their"} calls, transcripts, meetings,
                  emails, history and the provider messages about them. This cannot be undone. Do-not-call
                  entries stay.
                </AlertDialogDescription>
              </AlertDialogHeader>
              <AlertDialogFooter>
                <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
                <Button
                  variant="destructive"
                  disabled={pending}
                  onClick={() => erase.execute({ ids: confirming.ids })}
                >
                  {erase.isPending ? <Loader2 className="animate-spin" /> : null}
                  Erase {plural(confirming.ids.length, "lead")}
                </Button>
              </AlertDialogFooter>
            </>
          ) : (
            <>
              <AlertDialogHeader>
                <AlertDialogTitle>Restore all {inTrash}?</AlertDialogTitle>
                <AlertDialogDescription>
                  They return to their campaigns with the status they had, and the dialer may call them again.
                  A lead whose number its campaign has again stays in the trash.
                </AlertDialogDescription>
              </AlertDialogHeader>
              <AlertDialogFooter>
                <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
                <Button disabled={pending} onClick={() => restore.execute({ selection: { mode: "all" } })}>
                  {restore.isPending ? <Loader2 className="animate-spin" /> : null}
                  Restore all
                </Button>
              </AlertDialogFooter>
            </>
          )}
        </AlertDialogContent>
      </AlertDialog>
    </Card>
  );
}
