"use client";

import { Loader2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { updateCampaignSettingsAction } from "@/actions/campaign-actions";
import { FieldError } from "@/components/app/field-error";
import { CALL_RESULT_LABELS } from "@/components/campaigns/call-labels";
import { ConsentSwitch } from "@/components/campaigns/consent-switch";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { RETRYABLE_RESULTS } from "@/lib/dialer/call-states";
import { TEMPLATE_LABELS } from "@/lib/email/templates/labels";
import { type CampaignSettingsInput, WINDOW_LIMIT_MESSAGE } from "@/lib/schemas/campaign";
import { TEMPLATE_KINDS } from "@/lib/schemas/email-template";
import { DELAY_UNITS, type DelayUnit, delayMinutes, splitDelay } from "@/lib/time/delay-units";

const PROVIDER_NAMES = { simulator: "Simulator (no real calls)", retell: "Retell", vapi: "Vapi" } as const;
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const toTime = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const fromTime = (t: string) => {
  const [h, m] = t.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};
const numOrNull = (v: string) => (v.trim() === "" ? null : Number(v));

export function CampaignSettingsForm({
  campaignId,
  initial,
  providers,
  readOnly,
}: {
  campaignId: string;
  initial: CampaignSettingsInput;
  providers: Record<"simulator" | "retell" | "vapi", boolean>;
  readOnly: boolean;
}) {
  const router = useRouter();
  const [s, setS] = useState(initial);
  const set = <K extends keyof CampaignSettingsInput>(key: K, value: CampaignSettingsInput[K]) =>
    setS((prev) => ({ ...prev, [key]: value }));
  const { execute, isPending, result } = useAction(updateCampaignSettingsAction, {
    onSuccess: () => {
      toast.success("Settings saved.");
      router.refresh();
    },
    onError: ({ error }) => {
      toast.error(error.serverError ?? "Check the highlighted fields.");
    },
  });
  const errors = result.validationErrors?.settings as Record<string, unknown> | undefined;
  const err = (...path: string[]): string | undefined => {
    let node: unknown = errors;
    for (const p of path) node = (node as Record<string, unknown> | undefined)?.[p];
    return (node as { _errors?: string[] } | undefined)?._errors?.[0];
  };
  const w = s.callingWindow;
  const missing = (["retell", "vapi"] as const).filter((p) => !providers[p]).map((p) => PROVIDER_NAMES[p]);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Settings</CardTitle>
        <CardDescription>Changes apply from the next tick, for calls not yet placed.</CardDescription>
      </CardHeader>
      <CardContent>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            execute({ campaignId, settings: s });
          }}
        >
          <fieldset disabled={readOnly || isPending} className="grid min-w-0 grid-cols-1 gap-4">
            <Tabs defaultValue="hours" className="min-w-0">
              {/* Five tabs are wider than a phone: they scroll inside their strip, not the page. */}
              <div className="max-w-full overflow-x-auto">
                <TabsList>
                  <TabsTrigger value="hours">Calling hours</TabsTrigger>
                  <TabsTrigger value="retry">Retry policy</TabsTrigger>
                  <TabsTrigger value="limits">Limits</TabsTrigger>
                  <TabsTrigger value="voice">Voice agent</TabsTrigger>
                  <TabsTrigger value="emails">Emails</TabsTrigger>
                </TabsList>
              </div>
              <TabsContent value="hours" className="grid gap-4 pt-3">
                <div className="grid gap-2">
                  <Label htmlFor="s-name">Name</Label>
                  <Input id="s-name" value={s.name} onChange={(e) => set("name", e.target.value)} />
                  <FieldError message={err("name")} />
                </div>
                <div className="grid gap-2">
                  <Label>Calling days</Label>
                  <div className="flex flex-wrap gap-1.5">
                    {DAYS.map((d, i) => {
                      const on = w.days.includes(i);
                      return (
                        <Button
                          key={d}
                          type="button"
                          size="sm"
                          variant={on ? "default" : "outline"}
                          aria-pressed={on}
                          className="w-12"
                          onClick={() =>
                            set("callingWindow", {
                              ...w,
                              days: on ? w.days.filter((x) => x !== i) : [...w.days, i].sort(),
                            })
                          }
                        >
                          {d}
                        </Button>
                      );
                    })}
                  </div>
                  <FieldError message={err("callingWindow", "days")} />
                </div>
                <div className="grid grid-cols-2 gap-3 sm:max-w-sm">
                  <div className="grid gap-2">
                    <Label htmlFor="s-start">From</Label>
                    <Input
                      id="s-start"
                      type="time"
                      step={900}
                      value={toTime(w.startMinute)}
                      onChange={(e) => set("callingWindow", { ...w, startMinute: fromTime(e.target.value) })}
                    />
                  </div>
                  <div className="grid gap-2">
                    <Label htmlFor="s-end">Until</Label>
                    <Input
                      id="s-end"
                      type="time"
                      step={900}
                      value={toTime(w.endMinute)}
                      onChange={(e) => set("callingWindow", { ...w, endMinute: fromTime(e.target.value) })}
                    />
                  </div>
                </div>
                {err("callingWindow", "startMinute") || err("callingWindow", "endMinute") ? (
                  <div className="grid gap-1">
                    <FieldError message={err("callingWindow", "startMinute")} />
                    <FieldError message={err("callingWindow", "endMinute")} />
                  </div>
                ) : (
                  <p className="text-muted-foreground text-xs">{WINDOW_LIMIT_MESSAGE}</p>
                )}
              </TabsContent>
              <TabsContent value="retry" className="grid gap-2 pt-3">
                <div className="grid gap-3 text-sm">
                  {RETRYABLE_RESULTS.map((r) => {
                    const rule = s.retryPolicy[r];
                    return (
                      <div
                        key={r}
                        className="flex flex-wrap items-center gap-x-4 gap-y-2"
                        data-testid={`retry-${r}`}
                      >
                        <div className="flex w-44 items-center gap-3">
                          <Switch
                            checked={rule.retry}
                            aria-label={`Retry after ${CALL_RESULT_LABELS[r]}`}
                            onCheckedChange={(v) =>
                              set("retryPolicy", { ...s.retryPolicy, [r]: { ...rule, retry: v } })
                            }
                          />
                          <span>{CALL_RESULT_LABELS[r]}</span>
                        </div>
                        <div className="grid gap-1">
                          <RetryDelayInput
                            label={CALL_RESULT_LABELS[r]}
                            minutes={rule.delayMinutes}
                            disabled={!rule.retry}
                            onChange={(delayMinutes) =>
                              set("retryPolicy", { ...s.retryPolicy, [r]: { ...rule, delayMinutes } })
                            }
                          />
                          <FieldError message={err("retryPolicy", r, "delayMinutes")} />
                        </div>
                      </div>
                    );
                  })}
                </div>
                <p className="text-muted-foreground text-xs">
                  A retry is also pushed to the lead's next allowed hour and never passes the attempt limits.
                </p>
              </TabsContent>
              <TabsContent value="limits" className="grid gap-4 pt-3 sm:grid-cols-2">
                <NumberField
                  label="Max attempts per lead"
                  value={s.maxAttempts}
                  onChange={(v) => set("maxAttempts", v ?? 0)}
                  error={err("maxAttempts")}
                />
                <NumberField
                  label="Max attempts in 24 hours"
                  value={s.maxAttemptsPerDay}
                  onChange={(v) => set("maxAttemptsPerDay", v ?? 0)}
                  error={err("maxAttemptsPerDay")}
                />
                <NumberField
                  label="Concurrent calls (1–100)"
                  value={s.maxConcurrentCalls}
                  onChange={(v) => set("maxConcurrentCalls", v ?? 0)}
                  error={err("maxConcurrentCalls")}
                />
                <NumberField
                  label="Daily call cap"
                  placeholder="No cap"
                  value={s.dailyCallCap}
                  onChange={(v) => set("dailyCallCap", v)}
                  error={err("dailyCallCap")}
                />
                <NumberField
                  label="Spend cap ($)"
                  placeholder="No cap"
                  value={s.spendCapDollars}
                  onChange={(v) => set("spendCapDollars", v)}
                  error={err("spendCapDollars")}
                />
                {/* One rule in two numbers: they share a row (stacked on a phone). */}
                <div className="grid gap-4 sm:col-span-2 sm:grid-cols-2" data-testid="breaker-row">
                  <NumberField
                    label="Pause when failures reach (%)"
                    placeholder="Off"
                    value={s.breakerFailurePercent}
                    onChange={(v) => set("breakerFailurePercent", v)}
                    error={err("breakerFailurePercent")}
                  />
                  <NumberField
                    label="…of the last N calls"
                    value={s.breakerWindow}
                    onChange={(v) => set("breakerWindow", v ?? 0)}
                    error={err("breakerWindow")}
                  />
                </div>
                <div className="sm:col-span-2">
                  <ConsentSwitch
                    id="s-consent"
                    checked={s.requireConsent}
                    onCheckedChange={(v) => set("requireConsent", v)}
                    description="Dial only leads with recorded consent."
                  />
                </div>
              </TabsContent>
              <TabsContent value="voice" className="grid gap-4 pt-3 sm:max-w-md">
                <div className="grid gap-2">
                  <Label htmlFor="s-provider">Voice provider</Label>
                  <Select
                    value={s.voiceProvider}
                    onValueChange={(v) => set("voiceProvider", v as typeof s.voiceProvider)}
                  >
                    <SelectTrigger id="s-provider" className="w-full">
                      <SelectValue>{PROVIDER_NAMES[s.voiceProvider]}</SelectValue>
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value="simulator">Simulator (no real calls)</SelectItem>
                      <SelectItem value="retell" disabled={!providers.retell}>
                        Retell{providers.retell ? "" : " — no key yet"}
                      </SelectItem>
                      <SelectItem value="vapi" disabled={!providers.vapi}>
                        Vapi{providers.vapi ? "" : " — no key yet"}
                      </SelectItem>
                    </SelectContent>
                  </Select>
                  <FieldError message={err("voiceProvider")} />
                  {missing.length > 0 ? (
                    <p className="text-muted-foreground text-xs">
                      To call with {missing.join(" or ")}, add {missing.length === 1 ? "its" : "a"} key in{" "}
                      <Link
                        href="/settings#integrations"
                        className="text-foreground underline underline-offset-2"
                      >
                        Settings → Integrations
                      </Link>
                      .
                    </p>
                  ) : null}
                </div>
                <div className="grid gap-2">
                  <Label htmlFor="s-agent">Agent ID</Label>
                  <Input
                    id="s-agent"
                    value={s.agentId ?? ""}
                    placeholder="agent_…"
                    onChange={(e) => set("agentId", e.target.value)}
                  />
                </div>
                <div className="grid gap-2">
                  <Label htmlFor="s-caller">Caller ID</Label>
                  <Input
                    id="s-caller"
                    value={s.callerId ?? ""}
                    placeholder="+1 415 555 0100"
                    onChange={(e) => set("callerId", e.target.value)}
                  />
                  <FieldError message={err("callerId")} />
                </div>
              </TabsContent>
              <TabsContent value="emails" className="grid gap-3 pt-3 sm:max-w-xl">
                <p className="text-muted-foreground text-xs">
                  Follow-up emails this campaign sends after its calls. The wording is shared by all campaigns
                  and edited in{" "}
                  <Link href="/settings#emails" className="text-foreground underline underline-offset-2">
                    Settings → Emails
                  </Link>
                  .
                </p>
                {initial.disabledEmailKinds === undefined ? (
                  // Without the saved choice, a switch would overwrite it blindly.
                  <p className="text-muted-foreground text-xs">
                    The campaign's email choices could not be loaded.
                  </p>
                ) : null}
                {TEMPLATE_KINDS.map((kind) => {
                  // Left untouched, the saved choice stays as it is (undefined is "keep").
                  const disabled = s.disabledEmailKinds ?? [];
                  return (
                    <div key={kind} className="flex items-start justify-between gap-4 rounded-md border p-3">
                      <div className="grid gap-1">
                        <Label htmlFor={`s-email-${kind}`}>{TEMPLATE_LABELS[kind].title}</Label>
                        <p className="text-muted-foreground text-xs">{TEMPLATE_LABELS[kind].when}</p>
                      </div>
                      <Switch
                        id={`s-email-${kind}`}
                        checked={!disabled.includes(kind)}
                        disabled={initial.disabledEmailKinds === undefined}
                        onCheckedChange={(on) =>
                          set(
                            "disabledEmailKinds",
                            on
                              ? disabled.filter((k) => k !== kind)
                              : [...disabled.filter((k) => k !== kind), kind],
                          )
                        }
                      />
                    </div>
                  );
                })}
                <FieldError message={err("disabledEmailKinds")} />
              </TabsContent>
            </Tabs>
            {readOnly ? null : (
              <div className="flex justify-end">
                <Button type="submit" disabled={isPending}>
                  {isPending ? <Loader2 className="animate-spin" /> : null}
                  Save settings
                </Button>
              </div>
            )}
          </fieldset>
        </form>
      </CardContent>
    </Card>
  );
}

function NumberField({
  label,
  value,
  onChange,
  error,
  placeholder,
}: {
  label: string;
  value: number | null;
  onChange: (v: number | null) => void;
  error?: string;
  placeholder?: string;
}) {
  const id = `s-${label.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <div className="grid content-start gap-2">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        type="number"
        placeholder={placeholder}
        value={value ?? ""}
        onChange={(e) => onChange(numOrNull(e.target.value))}
      />
      <FieldError message={error} />
    </div>
  );
}

/** A retry delay typed in minutes, hours or days; `onChange` gets minutes (what is stored). */
function RetryDelayInput({
  label,
  minutes,
  disabled,
  onChange,
}: {
  label: string;
  minutes: number;
  disabled: boolean;
  onChange: (minutes: number) => void;
}) {
  const [unit, setUnit] = useState<DelayUnit>(() => splitDelay(minutes).unit);
  const amount = minutes / DELAY_UNITS[unit];
  return (
    <div className="flex items-center gap-2">
      <span className="text-muted-foreground">after</span>
      <Input
        type="number"
        min={0}
        step="any"
        className="w-20"
        aria-label={`Retry delay after ${label}`}
        disabled={disabled}
        value={Number.isFinite(amount) ? Number(amount.toFixed(2)) : ""}
        onChange={(e) => onChange(delayMinutes(Number(e.target.value), unit))}
      />
      <Select
        value={unit}
        disabled={disabled}
        onValueChange={(next) => {
          // The number stays as typed; the unit changes what it means.
          setUnit(next as DelayUnit);
          onChange(delayMinutes(amount, next as DelayUnit));
        }}
      >
        <SelectTrigger className="w-28" aria-label={`Retry delay unit after ${label}`}>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value="minutes">minutes</SelectItem>
          <SelectItem value="hours">hours</SelectItem>
          <SelectItem value="days">days</SelectItem>
        </SelectContent>
      </Select>
    </div>
  );
}
