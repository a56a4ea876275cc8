"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Flag, Loader2, Star } from "lucide-react";
import { useAction } from "next-safe-action/hooks";
import { Controller, useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { saveCallReviewAction } from "@/actions/call-review-actions";
import { FieldError } from "@/components/app/field-error";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { saveCallReviewSchema } from "@/lib/schemas/review";
import { cn } from "@/lib/utils";
import { SCORE_LABELS } from "./review-labels";

type FormValues = z.input<typeof saveCallReviewSchema>;
type Parsed = z.output<typeof saveCallReviewSchema>;

/** The QA form on a call page (owners and admins): score, tags, notes, coaching flag. */
export function CallReviewForm({
  callId,
  tags,
  defaults,
}: {
  callId: string;
  tags: { id: string; name: string }[];
  defaults: { score: number | null; tagIds: string[]; notes: string; flagged: boolean };
}) {
  const form = useForm<FormValues, unknown, Parsed>({
    resolver: zodResolver(saveCallReviewSchema),
    defaultValues: {
      callId,
      score: defaults.score ?? undefined,
      tagIds: defaults.tagIds,
      notes: defaults.notes,
      flagged: defaults.flagged,
    },
  });
  const { execute, isPending } = useAction(saveCallReviewAction, {
    onSuccess: () => {
      toast.success("Review saved.");
      form.reset(form.getValues());
    },
    onError: ({ error }) => {
      const tags = error.validationErrors?.tagIds;
      const tagError = tags && !Array.isArray(tags) ? tags._errors?.[0] : undefined;
      if (tagError) form.setError("tagIds", { message: tagError });
      toast.error(error.serverError ?? tagError ?? "Check the highlighted fields.");
    },
  });
  const errors = form.formState.errors;
  return (
    <form onSubmit={form.handleSubmit((v) => execute(v))} className="grid gap-4" data-testid="review-form">
      <div className="grid gap-2">
        <Label id="review-score-label">Score</Label>
        <Controller
          control={form.control}
          name="score"
          render={({ field }) => (
            <div role="radiogroup" aria-labelledby="review-score-label" className="flex flex-wrap gap-1">
              {[1, 2, 3, 4, 5].map((n) => {
                const on = Number(field.value) >= n;
                return (
                  // biome-ignore lint/a11y/useSemanticElements: a row of star buttons reads better than radio dots
                  <button
                    key={n}
                    type="button"
                    role="radio"
                    aria-checked={Number(field.value) === n}
                    aria-label={`${n}: ${SCORE_LABELS[n]}`}
                    title={SCORE_LABELS[n]}
                    onClick={() => field.onChange(n)}
                    className="focus-visible:ring-ring/50 rounded-sm p-1 outline-none focus-visible:ring-[3px]"
                  >
                    <Star
                      className={cn("size-6", on ? "fill-warning text-warning" : "text-muted-foreground")}
                      aria-hidden="true"
                    />
                  </button>
                );
              })}
              {field.value ? (
                <span className="text-muted-foreground self-center pl-1 text-sm">
                  {SCORE_LABELS[Number(field.value)]}
                </span>
              ) : null}
            </div>
          )}
        />
        <FieldError message={errors.score?.message} />
      </div>
      <div className="grid gap-2">
        <Label id="review-tags-label">Tags</Label>
        {tags.length === 0 ? (
          <p className="text-muted-foreground text-sm">
            No tags yet. Owners and admins add them under Settings › Review tags.
          </p>
        ) : (
          <Controller
            control={form.control}
            name="tagIds"
            render={({ field }) => {
              const chosen = new Set(field.value ?? []);
              return (
                <fieldset aria-labelledby="review-tags-label" className="flex flex-wrap gap-1.5">
                  {tags.map((t) => {
                    const on = chosen.has(t.id);
                    return (
                      <button
                        key={t.id}
                        type="button"
                        aria-pressed={on}
                        onClick={() =>
                          field.onChange(on ? [...chosen].filter((id) => id !== t.id) : [...chosen, t.id])
                        }
                        className={cn(
                          "focus-visible:ring-ring/50 max-w-full truncate rounded-full border px-2.5 py-0.5 text-xs font-medium outline-none focus-visible:ring-[3px]",
                          on ? "bg-primary text-primary-foreground border-transparent" : "hover:bg-accent",
                        )}
                      >
                        {t.name}
                      </button>
                    );
                  })}
                </fieldset>
              );
            }}
          />
        )}
        <FieldError message={errors.tagIds?.message} />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="review-notes">Notes</Label>
        <Textarea
          id="review-notes"
          rows={4}
          placeholder="What went well, what to change in the script…"
          {...form.register("notes")}
        />
        <FieldError message={errors.notes?.message} />
      </div>
      <div className="flex items-center justify-between gap-3">
        <Label htmlFor="review-flagged" className="flex items-center gap-2">
          <Flag className="size-4" aria-hidden="true" /> Flag for coaching
        </Label>
        <Controller
          control={form.control}
          name="flagged"
          render={({ field }) => (
            <Switch id="review-flagged" checked={Boolean(field.value)} onCheckedChange={field.onChange} />
          )}
        />
      </div>
      <Button type="submit" disabled={isPending} className="justify-self-start">
        {isPending ? <Loader2 className="animate-spin" /> : null}
        Save review
      </Button>
    </form>
  );
}
