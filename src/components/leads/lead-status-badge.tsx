import { LeadTime, LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import type { LeadStatus } from "@/lib/schemas/lead";
import { LEAD_STATUS_LABELS, LEAD_STATUS_VARIANT } from "./lead-labels";

/** A lead waiting for its next try after a call, as opposed to one never called. */
export function isRetryWait(lead: { status: LeadStatus; attempts: number; nextAttemptAt: unknown }): boolean {
  return lead.status === "pending" && lead.attempts > 0 && lead.nextAttemptAt != null;
}

/**
 * The lead's status. Given when it will be called next, a lead already called and waiting for a
 * retry reads "Retry at today 3:33 PM" (viewer's zone, the lead's own time underneath) rather than
 * "Pending" like a lead never called; a callback reads "Callback tomorrow 10:00 AM".
 */
export function LeadStatusBadge({
  status,
  attempts = 0,
  nextAttemptAt,
  timezone,
}: {
  status: LeadStatus;
  attempts?: number;
  nextAttemptAt?: string | Date | null;
  timezone?: string;
}) {
  const retry = isRetryWait({ status, attempts, nextAttemptAt });
  if ((retry || status === "callback") && nextAttemptAt) {
    return (
      <span className="inline-grid justify-items-start gap-0.5" data-testid="lead-retry-at">
        <Badge variant={retry ? "outline" : LEAD_STATUS_VARIANT[status]}>
          {retry ? "Retry at" : "Callback"} <LocalTime value={nextAttemptAt} format="weekday-time" />
        </Badge>
        {timezone ? (
          <LeadTime
            value={nextAttemptAt}
            timeZone={timezone}
            format="time"
            className="text-muted-foreground text-xs whitespace-nowrap"
          />
        ) : null}
      </span>
    );
  }
  return <Badge variant={LEAD_STATUS_VARIANT[status]}>{LEAD_STATUS_LABELS[status]}</Badge>;
}
