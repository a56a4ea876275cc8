"use client";

import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { createOrganizationAction } from "@/actions/create-organization-action";
import { FieldError } from "@/components/app/field-error";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

export function CreateOrganizationForm({ defaultName }: { defaultName?: string }) {
  const router = useRouter();
  const [name, setName] = useState(defaultName ?? "");
  const { execute, isPending, result } = useAction(createOrganizationAction, {
    onSuccess: () => {
      router.replace("/dashboard");
      router.refresh();
    },
  });
  return (
    <form
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        execute({ name });
      }}
    >
      <div className="grid gap-2">
        <Label htmlFor="name">Organization name</Label>
        <Input id="name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        <FieldError message={result.validationErrors?.name?._errors?.[0] ?? result.serverError} />
      </div>
      <Button type="submit" disabled={isPending}>
        {isPending ? <Loader2 className="animate-spin" /> : null}
        Create organization
      </Button>
    </form>
  );
}
