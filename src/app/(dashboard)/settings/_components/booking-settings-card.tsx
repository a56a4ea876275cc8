"use client";

import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { updateBookingSettingsAction } from "@/actions/update-booking-settings-action";
import { FieldError } from "@/components/app/field-error";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ISO_WEEKDAYS } from "@/lib/schemas/booking-settings";

const DAY_NAMES: Record<number, string> = {
  1: "Mon",
  2: "Tue",
  3: "Wed",
  4: "Thu",
  5: "Fri",
  6: "Sat",
  7: "Sun",
};
const toTime = (m: number) =>
  m >= 1440 ? "23:59" : `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const fromTime = (t: string) => {
  const [h, m] = t.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

export type BookingSettingsValues = {
  businessHours: { days: number[]; startMinute: number; endMinute: number };
  appointmentMinutes: number;
  callbackNumber: string | null;
};

/**
 * When the built-in calendar offers meetings, how long they last, and the number the agent gives
 * leads to call back or opt out. Read-only for members.
 */
export function BookingSettingsCard({
  initial,
  timeZone,
  calcomConnected,
  disabled,
}: {
  initial: BookingSettingsValues;
  timeZone: string;
  calcomConnected: boolean;
  disabled: boolean;
}) {
  const router = useRouter();
  const [hours, setHours] = useState(initial.businessHours);
  const [minutes, setMinutes] = useState(String(initial.appointmentMinutes));
  const [callback, setCallback] = useState(initial.callbackNumber ?? "");
  const { execute, isPending, result } = useAction(updateBookingSettingsAction, {
    onSuccess: () => {
      toast.success("Booking settings saved.");
      router.refresh();
    },
    onError: ({ error }) => toast.error(error.serverError ?? "Check the highlighted fields."),
  });
  const errors = result.validationErrors as Record<string, unknown> | undefined;
  const err = (...path: string[]): string | undefined => {
    let node: unknown = errors;
    for (const p of path) node = (node as Record<string, unknown> | undefined)?.[p];
    return (node as { _errors?: string[] } | undefined)?._errors?.[0];
  };
  const dirty =
    JSON.stringify(hours) !== JSON.stringify(initial.businessHours) ||
    minutes !== String(initial.appointmentMinutes) ||
    callback !== (initial.callbackNumber ?? "");
  return (
    <Card id="booking" className="scroll-mt-6">
      <CardHeader>
        <CardTitle>Booking</CardTitle>
        <CardDescription>
          {calcomConnected
            ? "Cal.com is connected, so the agent books into your event type. These hours apply if you disconnect it; the callback number is used either way."
            : "The agent books meetings into the built-in calendar within these hours, between existing appointments. Connect Cal.com under Integrations to book there instead."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="grid max-w-xl gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            execute({
              businessHours: hours,
              appointmentMinutes: Number(minutes),
              callbackNumber: callback,
            });
          }}
        >
          <fieldset disabled={disabled || isPending} className="grid gap-4">
            <div className="grid gap-2">
              <Label>Business days</Label>
              <div className="flex flex-wrap gap-1.5">
                {ISO_WEEKDAYS.map((day) => {
                  const on = hours.days.includes(day);
                  return (
                    <Button
                      key={day}
                      type="button"
                      size="sm"
                      variant={on ? "default" : "outline"}
                      aria-pressed={on}
                      className="w-12"
                      onClick={() =>
                        setHours({
                          ...hours,
                          days: on
                            ? hours.days.filter((d) => d !== day)
                            : [...hours.days, day].sort((a, b) => a - b),
                        })
                      }
                    >
                      {DAY_NAMES[day]}
                    </Button>
                  );
                })}
              </div>
              <FieldError message={err("businessHours", "days")} />
            </div>
            <div className="grid gap-3 sm:grid-cols-3">
              <div className="grid gap-2">
                <Label htmlFor="booking-start">Opens</Label>
                <Input
                  id="booking-start"
                  type="time"
                  step={900}
                  value={toTime(hours.startMinute)}
                  onChange={(e) => setHours({ ...hours, startMinute: fromTime(e.target.value) })}
                />
              </div>
              <div className="grid gap-2">
                <Label htmlFor="booking-end">Closes</Label>
                <Input
                  id="booking-end"
                  type="time"
                  step={900}
                  value={toTime(hours.endMinute)}
                  onChange={(e) => setHours({ ...hours, endMinute: fromTime(e.target.value) })}
                />
              </div>
              <div className="grid gap-2">
                <Label htmlFor="booking-length">Meeting length</Label>
                <div className="relative">
                  <Input
                    id="booking-length"
                    type="number"
                    min={5}
                    max={480}
                    step={5}
                    value={minutes}
                    onChange={(e) => setMinutes(e.target.value)}
                    className="pr-12"
                  />
                  <span className="text-muted-foreground pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm">
                    min
                  </span>
                </div>
              </div>
            </div>
            <FieldError
              message={
                err("businessHours", "startMinute") ??
                err("businessHours", "endMinute") ??
                err("appointmentMinutes")
              }
            />
            <p className="text-muted-foreground -mt-2 text-xs">
              In the organization's time zone, {timeZone.replaceAll("_", " ")}. The agent offers times in the
              lead's own zone.
            </p>
            <div className="grid gap-2">
              <Label htmlFor="booking-callback">Callback number</Label>
              <Input
                id="booking-callback"
                type="tel"
                value={callback}
                onChange={(e) => setCallback(e.target.value)}
                placeholder="+1 415 555 0100"
                className="max-w-64"
              />
              <p className="text-muted-foreground text-xs">
                The agent gives this number to leads who want to call back or ask not to be called again.
              </p>
              <FieldError message={err("callbackNumber")} />
            </div>
          </fieldset>
          <div>
            {disabled ? (
              <p className="text-muted-foreground text-sm">
                Only owners and admins can change booking settings.
              </p>
            ) : (
              <Button type="submit" disabled={isPending || !dirty}>
                {isPending ? <Loader2 className="animate-spin" /> : null}
                Save booking settings
              </Button>
            )}
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
