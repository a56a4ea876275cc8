"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2, Plus, Trash2 } from "lucide-react";
import { useAction } from "next-safe-action/hooks";
import { Controller, useFieldArray, useForm } from "react-hook-form";
import { toast } from "sonner";
import { updateLeadAction } from "@/actions/lead-actions";
import { FieldError } from "@/components/app/field-error";
import { TimeZoneCombobox } from "@/components/app/time-zone-combobox";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { CUSTOM_FIELD_LIMITS, type LeadFormValues, leadFormSchema } from "@/lib/schemas/lead";
import { cn } from "@/lib/utils";

function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The editable part of a lead: details, consent and custom fields, validated by the same zod
 * schema the server action parses with.
 */
export function LeadForm({
  leadId,
  defaults,
  timeZones,
}: {
  leadId: string;
  defaults: LeadFormValues;
  timeZones: string[];
}) {
  const form = useForm<LeadFormValues>({ resolver: zodResolver(leadFormSchema), defaultValues: defaults });
  const fields = useFieldArray({ control: form.control, name: "customFields" });
  const { execute, isPending } = useAction(updateLeadAction, {
    onSuccess: () => {
      toast.success("Lead saved.");
      form.reset(form.getValues());
    },
    onError: ({ error }) => toast.error(error.serverError ?? "Check the highlighted fields."),
  });
  const errors = form.formState.errors;
  const consent = form.watch("consent");
  const dirty = form.formState.isDirty;

  return (
    <form
      onSubmit={form.handleSubmit((values) => execute({ leadId, values }))}
      className="grid gap-6"
      noValidate
    >
      <Card>
        <CardHeader>
          <CardTitle>Details</CardTitle>
          <CardDescription>The phone number is fixed; import the lead again to change it.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <div className="grid items-start gap-4 sm:grid-cols-2">
            <div className="grid gap-2">
              <Label htmlFor="lead-first-name">First name</Label>
              <Input id="lead-first-name" autoComplete="off" {...form.register("firstName")} />
              <FieldError message={errors.firstName?.message} />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="lead-last-name">Last name</Label>
              <Input id="lead-last-name" autoComplete="off" {...form.register("lastName")} />
              <FieldError message={errors.lastName?.message} />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="lead-company">Company</Label>
              <Input id="lead-company" autoComplete="off" {...form.register("company")} />
              <FieldError message={errors.company?.message} />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="lead-email">Email</Label>
              <Input id="lead-email" type="email" autoComplete="off" {...form.register("email")} />
              <FieldError message={errors.email?.message} />
            </div>
          </div>
          <div className="grid gap-2">
            <Label htmlFor="lead-timezone">Time zone</Label>
            <Controller
              control={form.control}
              name="timezone"
              render={({ field }) => (
                <TimeZoneCombobox
                  id="lead-timezone"
                  value={field.value}
                  onChange={field.onChange}
                  timeZones={timeZones}
                  className="w-full sm:w-80"
                />
              )}
            />
            <p className="text-muted-foreground text-xs">
              The dialer reads calling hours in this zone. A zone picked here counts as set by hand and
              replaces any inferred alternatives.
            </p>
            <FieldError message={errors.timezone?.message} />
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Consent to be called</CardTitle>
          <CardDescription>
            Campaigns that require consent call only leads whose consent is given.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid items-start gap-4 sm:grid-cols-3">
          <div className="grid gap-2">
            <Label htmlFor="lead-consent">Consent</Label>
            <Controller
              control={form.control}
              name="consent"
              render={({ field }) => (
                <Select
                  value={field.value}
                  onValueChange={(value) => {
                    field.onChange(value);
                    // Recording an answer usually means "as of today"; the date stays editable.
                    if (value !== "unknown" && form.getValues("consentDate") === "") {
                      form.setValue("consentDate", today(), { shouldDirty: true });
                    }
                  }}
                >
                  <SelectTrigger id="lead-consent" className="w-full">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value="given">Given</SelectItem>
                    <SelectItem value="refused">Not given</SelectItem>
                    <SelectItem value="unknown">Unknown</SelectItem>
                  </SelectContent>
                </Select>
              )}
            />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="lead-consent-source">Source</Label>
            <Input
              id="lead-consent-source"
              placeholder={consent === "unknown" ? "" : "e.g. Web form, signed contract"}
              disabled={consent === "unknown"}
              {...form.register("consentSource")}
            />
            <FieldError message={errors.consentSource?.message} />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="lead-consent-date">Date</Label>
            <Input
              id="lead-consent-date"
              type="date"
              disabled={consent === "unknown"}
              {...form.register("consentDate")}
            />
            <FieldError message={errors.consentDate?.message} />
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Custom fields</CardTitle>
          <CardDescription>
            Columns from the file that aren't standard lead fields. Your agent can use them as variables in
            the call.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          {fields.fields.length === 0 ? (
            <p className="text-muted-foreground rounded-lg border border-dashed px-4 py-6 text-center text-sm">
              No custom fields yet.
            </p>
          ) : (
            <div className="grid gap-2">
              <div className="text-muted-foreground hidden grid-cols-[minmax(0,2fr)_minmax(0,3fr)_2.25rem] gap-2 text-xs font-medium sm:grid">
                <span>Field</span>
                <span>Value</span>
              </div>
              {fields.fields.map((field, i) => (
                <div
                  key={field.id}
                  className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_2.25rem] items-start gap-2"
                >
                  <div className="grid gap-1">
                    <Input
                      aria-label={`Field ${i + 1} name`}
                      placeholder="Field"
                      {...form.register(`customFields.${i}.key`)}
                    />
                    <FieldError message={errors.customFields?.[i]?.key?.message} />
                  </div>
                  <div className="grid gap-1">
                    <Input
                      aria-label={`Field ${i + 1} value`}
                      placeholder="Value"
                      {...form.register(`customFields.${i}.value`)}
                    />
                    <FieldError message={errors.customFields?.[i]?.value?.message} />
                  </div>
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    onClick={() => fields.remove(i)}
                    aria-label={`Remove field ${i + 1}`}
                  >
                    <Trash2 />
                  </Button>
                </div>
              ))}
            </div>
          )}
          <FieldError message={errors.customFields?.message ?? errors.customFields?.root?.message} />
          <div>
            <Button
              type="button"
              variant="outline"
              size="sm"
              onClick={() => fields.append({ key: "", value: "" })}
              disabled={fields.fields.length >= CUSTOM_FIELD_LIMITS.maxKeys}
            >
              <Plus /> Add field
            </Button>
          </div>
        </CardContent>
      </Card>

      {/* Sticks to the bottom of the window only while there is something to save. */}
      <div
        className={cn(
          "-mt-2 flex items-center justify-end gap-2 py-3",
          dirty &&
            "bg-background/90 supports-[backdrop-filter]:bg-background/70 sticky bottom-0 z-10 border-t backdrop-blur",
        )}
      >
        <p className="text-muted-foreground mr-auto text-sm" aria-live="polite">
          {dirty ? "You have unsaved changes." : ""}
        </p>
        <Button type="button" variant="ghost" disabled={!dirty || isPending} onClick={() => form.reset()}>
          Discard changes
        </Button>
        <Button type="submit" disabled={!dirty || isPending}>
          {isPending ? <Loader2 className="animate-spin" /> : null}
          Save changes
        </Button>
      </div>
    </form>
  );
}
