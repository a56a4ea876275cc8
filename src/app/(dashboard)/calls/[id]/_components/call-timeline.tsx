import { CircleCheck, CircleDashed, type LucideIcon, PhoneCall, PhoneOff, Send } from "lucide-react";
import { formatGap } from "@/components/calls/call-format";
import { LeadTime, LocalTime } from "@/components/local-time";
import { cn } from "@/lib/utils";

type Step = { key: string; label: string; at: Date | null; icon: LucideIcon; missing: string };

/** The call's life from claim to hang-up, each step in the viewer's zone and the lead's. */
export function CallTimeline({
  queuedAt,
  dispatchedAt,
  startedAt,
  endedAt,
  leadTimezone,
  open,
}: {
  queuedAt: Date;
  dispatchedAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  leadTimezone: string;
  /** The call has not ended: missing steps may still come. */
  open: boolean;
}) {
  const steps: Step[] = [
    { key: "queued", label: "Queued", at: queuedAt, icon: CircleCheck, missing: "" },
    {
      key: "dispatched",
      label: "Dispatched",
      at: dispatchedAt,
      icon: Send,
      missing: open ? "Waiting for a free line" : "Never sent",
    },
    {
      key: "started",
      label: "Connected",
      at: startedAt,
      icon: PhoneCall,
      missing: open ? "Ringing" : "Never connected",
    },
    { key: "ended", label: "Ended", at: endedAt, icon: PhoneOff, missing: open ? "In progress" : "—" },
  ];
  return (
    <ol className="grid">
      {steps.map((step, i) => {
        // Time since the last step that happened: how long the line was busy, ringing, talking.
        const previous = steps
          .slice(0, i)
          .reverse()
          .find((s) => s.at)?.at;
        const Icon = step.at ? step.icon : CircleDashed;
        const last = i === steps.length - 1;
        return (
          <li key={step.key} className="relative flex gap-3 pb-4 last:pb-0">
            {last ? null : (
              <span aria-hidden="true" className="bg-border absolute top-7 bottom-0 left-3.5 w-px" />
            )}
            <span
              className={cn(
                "relative flex size-7 shrink-0 items-center justify-center rounded-full border",
                step.at ? "bg-muted text-foreground" : "bg-background text-muted-foreground border-dashed",
              )}
            >
              <Icon className="size-3.5" aria-hidden="true" />
            </span>
            <div className="grid min-w-0 gap-0.5 pt-1 text-sm">
              <span className="flex flex-wrap items-baseline gap-x-2">
                <span className={step.at ? "font-medium" : "text-muted-foreground"}>{step.label}</span>
                {step.at && previous ? (
                  <span className="text-muted-foreground text-xs tabular-nums">
                    {formatGap(previous, step.at)}
                  </span>
                ) : null}
              </span>
              {step.at ? (
                <span className="text-muted-foreground grid text-xs tabular-nums">
                  <LocalTime value={step.at} format="datetime" />
                  <LeadTime value={step.at} timeZone={leadTimezone} className="text-muted-foreground/80" />
                </span>
              ) : (
                <span className="text-muted-foreground text-xs">{step.missing}</span>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
