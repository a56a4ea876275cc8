import { CalendarX2 } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";

export default function AppointmentNotFound() {
  return (
    <EmptyState
      icon={<CalendarX2 />}
      title="This appointment does not exist"
      description="The link may be wrong, or the appointment belongs to another organization."
      action={
        <Button asChild variant="outline">
          <Link href="/appointments">Appointments</Link>
        </Button>
      }
    />
  );
}
