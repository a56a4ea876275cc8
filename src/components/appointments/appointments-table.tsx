import Link from "next/link";
import { ClickableRow } from "@/components/app/clickable-row";
import { formatPhone } from "@/components/leads/format-phone";
import { LeadTime, LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AppointmentRow } from "@/lib/services/appointments/list-appointments";
import {
  APPOINTMENT_SOURCE_LABELS,
  APPOINTMENT_STATUS_LABELS,
  APPOINTMENT_STATUS_VARIANT,
  meetingLength,
  shortUid,
} from "./appointment-labels";
import { ReverifyButton } from "./reverify-button";

export function AppointmentStatusBadge({ status }: { status: AppointmentRow["status"] }) {
  return <Badge variant={APPOINTMENT_STATUS_VARIANT[status]}>{APPOINTMENT_STATUS_LABELS[status]}</Badge>;
}

/**
 * Appointments with their lead, campaign and call: the start on the viewer's clock and the lead's,
 * the length, status and calendar; a Cal.com booking can be re-verified from its row.
 */
export function AppointmentsTable({ rows, showLead = true }: { rows: AppointmentRow[]; showLead?: boolean }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          {showLead ? <TableHead className="pl-4">Lead</TableHead> : null}
          <TableHead className={showLead ? "" : "pl-4"}>Starts</TableHead>
          <TableHead>Length</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Campaign</TableHead>
          <TableHead>Calendar</TableHead>
          <TableHead className="pr-4">Call</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((a) => {
          const name = [a.firstName, a.lastName].filter(Boolean).join(" ") || formatPhone(a.phone);
          const gone = a.status === "cancelled" || a.status === "rescheduled";
          return (
            <ClickableRow
              key={a.id}
              href={`/appointments/${a.id}`}
              data-testid="appointment-row"
              className={gone ? "opacity-70" : undefined}
            >
              {showLead ? (
                <TableCell className="pl-4">
                  <Link href={`/leads/${a.leadId}`} className="font-medium hover:underline">
                    {name}
                  </Link>
                  <div className="text-muted-foreground max-w-56 truncate text-xs">
                    {[a.company, a.email ?? formatPhone(a.phone)].filter(Boolean).join(" · ")}
                  </div>
                </TableCell>
              ) : null}
              <TableCell className={`max-w-48 tabular-nums ${showLead ? "" : "pl-4"}`}>
                <Link href={`/appointments/${a.id}`} className="hover:underline">
                  <LocalTime
                    value={a.startAt}
                    format="day-time"
                    className={`block whitespace-nowrap ${gone ? "line-through" : ""}`}
                  />
                </Link>
                {/* The meeting was agreed on the lead's clock: show it, unless it is the viewer's too. */}
                <LeadTime
                  value={a.startAt}
                  timeZone={a.timezone || a.leadTimezone}
                  format="day-time"
                  className="text-muted-foreground block text-xs whitespace-normal"
                />
              </TableCell>
              <TableCell className="text-muted-foreground whitespace-nowrap tabular-nums">
                {meetingLength(a.startAt, a.endAt)}
              </TableCell>
              <TableCell>
                <span title={a.cancellationReason ?? undefined}>
                  <AppointmentStatusBadge status={a.status} />
                </span>
              </TableCell>
              <TableCell>
                {a.campaignId && a.campaignName ? (
                  <Link href={`/campaigns/${a.campaignId}`} className="text-muted-foreground hover:underline">
                    {a.campaignName}
                  </Link>
                ) : (
                  <span className="text-muted-foreground">—</span>
                )}
              </TableCell>
              <TableCell>
                <div className="text-muted-foreground whitespace-nowrap">
                  {APPOINTMENT_SOURCE_LABELS[a.source]}
                </div>
                {a.calcomBookingUid ? (
                  <code className="text-muted-foreground text-xs" title={a.calcomBookingUid}>
                    {shortUid(a.calcomBookingUid)}
                  </code>
                ) : null}
              </TableCell>
              <TableCell className="pr-4">
                <div className="flex items-center gap-2">
                  {a.callId ? (
                    <Link href={`/calls/${a.callId}`} className="text-sm whitespace-nowrap hover:underline">
                      View call
                    </Link>
                  ) : (
                    <span
                      className="text-muted-foreground text-sm whitespace-nowrap"
                      title="Booked outside our calls"
                    >
                      —
                    </span>
                  )}
                  {a.source === "calcom" && a.calcomBookingUid ? (
                    <ReverifyButton appointmentId={a.id} />
                  ) : null}
                </div>
              </TableCell>
            </ClickableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
