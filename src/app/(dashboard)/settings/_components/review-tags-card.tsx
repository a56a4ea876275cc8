"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Check, Loader2, Pencil, Plus, Tag, Trash2, X } from "lucide-react";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import {
  createReviewTagAction,
  deleteReviewTagAction,
  renameReviewTagAction,
} from "@/actions/call-review-actions";
import { FieldError } from "@/components/app/field-error";
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
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import {
  type CreateReviewTagInput,
  createReviewTagSchema,
  type RenameReviewTagInput,
  renameReviewTagSchema,
} from "@/lib/schemas/review";

type TagRow = { id: string; name: string };

/** The organization's review tags: owners and admins add, rename and delete; members see them. */
export function ReviewTagsCard({ tags, canAdminister }: { tags: TagRow[]; canAdminister: boolean }) {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <Card id="review-tags">
      <CardHeader>
        <CardTitle>Review tags</CardTitle>
        <CardDescription>
          Labels reviewers put on calls (“pricing objection”, “great close”). The Reviews view filters by
          them.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {tags.length === 0 ? (
          <p className="text-muted-foreground flex items-center gap-2 text-sm">
            <Tag className="size-4" aria-hidden="true" />
            {canAdminister ? "No tags yet: add the first one below." : "No tags yet."}
          </p>
        ) : (
          <ul className="divide-y rounded-md border" data-testid="review-tags">
            {tags.map((t) =>
              editing === t.id ? (
                <li key={t.id} className="px-3 py-2">
                  <RenameTagForm tag={t} onDone={() => setEditing(null)} />
                </li>
              ) : (
                <li key={t.id} className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
                  <span className="min-w-0 truncate">{t.name}</span>
                  {canAdminister ? (
                    <span className="flex shrink-0 gap-1">
                      <Button
                        type="button"
                        size="icon"
                        variant="ghost"
                        className="size-8"
                        aria-label={`Rename ${t.name}`}
                        onClick={() => setEditing(t.id)}
                      >
                        <Pencil />
                      </Button>
                      <DeleteTagButton tag={t} />
                    </span>
                  ) : null}
                </li>
              ),
            )}
          </ul>
        )}
        {canAdminister ? <AddTagForm /> : null}
      </CardContent>
    </Card>
  );
}

function AddTagForm() {
  const form = useForm<CreateReviewTagInput>({
    resolver: zodResolver(createReviewTagSchema),
    defaultValues: { name: "" },
  });
  const { execute, isPending } = useAction(createReviewTagAction, {
    onSuccess: ({ data }) => {
      toast.success(`Tag “${data?.name}” added.`);
      form.reset({ name: "" });
    },
    onError: ({ error }) => {
      const name = error.validationErrors?.name?._errors?.[0];
      if (name) form.setError("name", { message: name });
      else toast.error(error.serverError ?? "The tag could not be added.");
    },
  });
  return (
    <form onSubmit={form.handleSubmit((v) => execute(v))} className="grid gap-1.5">
      <div className="flex gap-2">
        <Input placeholder="New tag" aria-label="New tag" maxLength={40} {...form.register("name")} />
        <Button type="submit" variant="outline" disabled={isPending}>
          {isPending ? <Loader2 className="animate-spin" /> : <Plus />} Add tag
        </Button>
      </div>
      <FieldError message={form.formState.errors.name?.message} />
    </form>
  );
}

function RenameTagForm({ tag, onDone }: { tag: TagRow; onDone: () => void }) {
  const form = useForm<RenameReviewTagInput>({
    resolver: zodResolver(renameReviewTagSchema),
    defaultValues: { id: tag.id, name: tag.name },
  });
  const { execute, isPending } = useAction(renameReviewTagAction, {
    onSuccess: () => {
      toast.success("Tag renamed.");
      onDone();
    },
    onError: ({ error }) => {
      const name = error.validationErrors?.name?._errors?.[0];
      if (name) form.setError("name", { message: name });
      else toast.error(error.serverError ?? "The tag could not be renamed.");
    },
  });
  return (
    <form onSubmit={form.handleSubmit((v) => execute(v))} className="grid gap-1.5">
      <div className="flex gap-1">
        <Input aria-label={`New name for ${tag.name}`} maxLength={40} autoFocus {...form.register("name")} />
        <Button type="submit" size="icon" variant="ghost" aria-label="Save the name" disabled={isPending}>
          {isPending ? <Loader2 className="animate-spin" /> : <Check />}
        </Button>
        <Button type="button" size="icon" variant="ghost" aria-label="Cancel" onClick={onDone}>
          <X />
        </Button>
      </div>
      <FieldError message={form.formState.errors.name?.message} />
    </form>
  );
}

function DeleteTagButton({ tag }: { tag: TagRow }) {
  const { execute, isPending } = useAction(deleteReviewTagAction, {
    onSuccess: ({ data }) =>
      toast.success(
        data?.reviewsUntagged
          ? `Tag “${data.name}” deleted and taken off ${data.reviewsUntagged} review${data.reviewsUntagged === 1 ? "" : "s"}.`
          : `Tag “${data?.name}” deleted.`,
      ),
    onError: ({ error }) => toast.error(error.serverError ?? "The tag could not be deleted."),
  });
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button
          type="button"
          size="icon"
          variant="ghost"
          className="size-8"
          aria-label={`Delete ${tag.name}`}
          disabled={isPending}
        >
          {isPending ? <Loader2 className="animate-spin" /> : <Trash2 />}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete the tag “{tag.name}”?</AlertDialogTitle>
          <AlertDialogDescription>
            It is taken off every review that carries it. The reviews themselves stay.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction onClick={() => execute({ id: tag.id })}>Delete tag</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
