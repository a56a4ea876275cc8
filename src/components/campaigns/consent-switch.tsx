"use client";

import { useState } from "react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";

/**
 * "Require consent", on by default. Turning it on is immediate; turning it off asks first, because
 * an AI voice is an "artificial voice" under the US TCPA (and similar rules elsewhere): calling
 * without prior express consent can cost $500-$1,500 per call.
 */
export function ConsentSwitch({
  id,
  checked,
  onCheckedChange,
  description,
  disabled,
}: {
  id: string;
  checked: boolean;
  onCheckedChange: (value: boolean) => void;
  description: string;
  disabled?: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="flex items-start justify-between gap-4 rounded-md border p-3">
      <div className="grid gap-1">
        <Label htmlFor={id}>Require consent</Label>
        <p className="text-muted-foreground text-xs">{description}</p>
      </div>
      <Switch
        id={id}
        checked={checked}
        disabled={disabled}
        onCheckedChange={(value) => (value ? onCheckedChange(true) : setConfirming(true))}
      />
      <AlertDialog open={confirming} onOpenChange={setConfirming}>
        <AlertDialogContent data-testid="consent-off-confirm">
          <AlertDialogHeader>
            <AlertDialogTitle>Call leads without recorded consent?</AlertDialogTitle>
            <AlertDialogDescription asChild>
              <div className="grid gap-2">
                <p>
                  Your agent is an AI voice. In most places a sales team calls, an artificial or prerecorded
                  voice needs the person's prior consent: in the US the TCPA requires prior express consent
                  (written, for marketing) and allows $500–$1,500 per call in damages; Canada, the UK and the
                  EU have similar rules.
                </p>
                <p>
                  Turn this off only if you have consent outside this app, or the calls are not covered (e.g.
                  existing customers where your counsel says so). Do-not-call numbers and calling hours still
                  apply.
                </p>
              </div>
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Keep requiring consent</AlertDialogCancel>
            <AlertDialogAction
              onClick={() => {
                onCheckedChange(false);
                setConfirming(false);
              }}
            >
              Call without consent
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}
