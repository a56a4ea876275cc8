import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { AppointmentRow } from "@/lib/services/appointments/list-appointments";
import { AppointmentsTable } from "./appointments-table";

/** The lead page's meetings, latest first; nothing at all while the lead has none. */
export function LeadAppointmentsCard({ rows }: { rows: AppointmentRow[] }) {
  if (!rows.length) return null;
  return (
    <Card className="min-w-0" data-testid="lead-appointments">
      <CardHeader>
        <CardTitle>Appointments</CardTitle>
        <CardDescription>Meetings booked with this lead, latest first.</CardDescription>
      </CardHeader>
      <div className="min-w-0 border-t">
        <AppointmentsTable rows={rows} showLead={false} />
      </div>
    </Card>
  );
}
