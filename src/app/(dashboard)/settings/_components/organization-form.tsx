"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { useAction } from "next-safe-action/hooks";
import { Controller, useForm } from "react-hook-form";
import { toast } from "sonner";
import { updateOrganizationAction } from "@/actions/update-organization-action";
import { FieldError } from "@/components/app/field-error";
import { TimeZoneCombobox } from "@/components/app/time-zone-combobox";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { type UpdateOrganizationInput, updateOrganizationSchema } from "@/lib/schemas/organization";

export function OrganizationForm({
  defaults,
  countries,
  timeZones,
  disabled,
}: {
  defaults: UpdateOrganizationInput;
  countries: { code: string; name: string }[];
  timeZones: string[];
  disabled: boolean;
}) {
  const form = useForm<UpdateOrganizationInput>({
    resolver: zodResolver(updateOrganizationSchema),
    defaultValues: defaults,
  });
  const { execute, isPending } = useAction(updateOrganizationAction, {
    onSuccess: () => {
      toast.success("Organization saved.");
      form.reset(form.getValues());
    },
    onError: ({ error }) => toast.error(error.serverError ?? "Check the highlighted fields."),
  });
  const errors = form.formState.errors;
  return (
    <form onSubmit={form.handleSubmit((v) => execute(v))} className="grid max-w-xl gap-4">
      <fieldset disabled={disabled} className="grid gap-4">
        <div className="grid gap-2">
          <Label htmlFor="org-name">Name</Label>
          <Input id="org-name" {...form.register("name")} />
          <FieldError message={errors.name?.message} />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="grid gap-2">
            <Label htmlFor="org-country">Default country</Label>
            <Controller
              control={form.control}
              name="defaultCountry"
              render={({ field }) => (
                <Select value={field.value} onValueChange={field.onChange} disabled={disabled}>
                  <SelectTrigger id="org-country" className="w-full">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent className="max-h-72">
                    {countries.map((c) => (
                      <SelectItem key={c.code} value={c.code}>
                        {c.name} ({c.code})
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            />
            <FieldError message={errors.defaultCountry?.message} />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="org-tz">Default time zone</Label>
            <Controller
              control={form.control}
              name="defaultTimezone"
              render={({ field }) => (
                <TimeZoneCombobox
                  id="org-tz"
                  value={field.value}
                  onChange={field.onChange}
                  timeZones={timeZones}
                  disabled={disabled}
                />
              )}
            />
            <FieldError message={errors.defaultTimezone?.message} />
          </div>
        </div>
      </fieldset>
      <div>
        {disabled ? (
          <p className="text-muted-foreground text-sm">Only owners and admins can change these settings.</p>
        ) : (
          <Button type="submit" disabled={isPending || !form.formState.isDirty}>
            {isPending ? <Loader2 className="animate-spin" /> : null}
            Save changes
          </Button>
        )}
      </div>
    </form>
  );
}
