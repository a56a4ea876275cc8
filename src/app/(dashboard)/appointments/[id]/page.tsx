import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { APPOINTMENT_SOURCE_LABELS, meetingLength } from "@/components/appointments/appointment-labels";
import { AppointmentStatusBadge } from "@/components/appointments/appointments-table";
import { ReverifyButton } from "@/components/appointments/reverify-button";
import { formatPhone } from "@/components/leads/format-phone";
import { LeadTime, LocalTime } from "@/components/local-time";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getAppointmentRow } from "@/lib/db/queries/appointments";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { AttendanceButtons } from "./_components/attendance-buttons";

export const metadata: Metadata = { title: "Appointment" };

export default async function AppointmentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const { user, org } = await requireOrgContext();
  const a = await withUser(user, (tx) => getAppointmentRow(tx, { orgId: org.orgId, id }));
  if (!a) notFound();
  const now = new Date();
  const name = [a.firstName, a.lastName].filter(Boolean).join(" ") || formatPhone(a.phone);
  const gone = a.status === "cancelled" || a.status === "rescheduled";
  return (
    <>
      <Link
        href="/appointments"
        className="text-muted-foreground hover:text-foreground mb-3 inline-flex items-center gap-1 text-sm"
      >
        <ArrowLeft className="size-4" /> Appointments
      </Link>
      <div className="mb-6 grid gap-1.5">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold tracking-tight break-words">{a.title}</h1>
          <AppointmentStatusBadge status={a.status} />
        </div>
        <p className="text-muted-foreground text-sm">
          With{" "}
          <Link href={`/leads/${a.leadId}`} className="text-foreground underline-offset-4 hover:underline">
            {name}
          </Link>
          {a.company ? ` · ${a.company}` : ""}
        </p>
      </div>
      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card>
          <CardHeader>
            <CardTitle>Did it take place?</CardTitle>
            <CardDescription>
              Completed and no-show meetings make the show rate on Appointments.
            </CardDescription>
          </CardHeader>
          <CardContent data-testid="attendance">
            {gone ? (
              <p className="text-muted-foreground text-sm">
                This meeting was {a.status}
                {a.cancellationReason ? `: ${a.cancellationReason}` : ""}.
              </p>
            ) : a.status === "pending" ? (
              <p className="text-muted-foreground text-sm">The host has not confirmed this booking yet.</p>
            ) : (
              <AttendanceButtons
                appointmentId={a.id}
                status={a.status}
                started={a.startAt.getTime() <= now.getTime()}
              />
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Details</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
              <dt className="text-muted-foreground">Starts</dt>
              <dd className="grid text-right tabular-nums">
                <LocalTime value={a.startAt} format="datetime" relative />
                <LeadTime
                  value={a.startAt}
                  timeZone={a.timezone || a.leadTimezone}
                  format="datetime"
                  className="text-muted-foreground text-xs"
                />
              </dd>
              <dt className="text-muted-foreground">Length</dt>
              <dd className="text-right">{meetingLength(a.startAt, a.endAt)}</dd>
              <dt className="text-muted-foreground">Campaign</dt>
              <dd className="truncate text-right">
                {a.campaignId && a.campaignName ? (
                  <Link href={`/campaigns/${a.campaignId}`} className="hover:underline">
                    {a.campaignName}
                  </Link>
                ) : (
                  "—"
                )}
              </dd>
              <dt className="text-muted-foreground">Calendar</dt>
              <dd className="text-right">
                {APPOINTMENT_SOURCE_LABELS[a.source]}
                {a.calcomBookingUid ? (
                  <code className="text-muted-foreground block truncate text-xs" title={a.calcomBookingUid}>
                    {a.calcomBookingUid}
                  </code>
                ) : null}
              </dd>
              <dt className="text-muted-foreground">Booked on</dt>
              <dd className="text-right">
                {a.callId ? (
                  <Link href={`/calls/${a.callId}`} className="hover:underline">
                    A call
                  </Link>
                ) : (
                  "Outside our calls"
                )}
              </dd>
              {a.notes ? (
                <>
                  <dt className="text-muted-foreground">Notes</dt>
                  <dd className="text-right break-words">{a.notes}</dd>
                </>
              ) : null}
            </dl>
            {a.source === "calcom" && a.calcomBookingUid ? (
              <div className="mt-4 flex justify-end">
                <ReverifyButton appointmentId={a.id} />
              </div>
            ) : null}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
