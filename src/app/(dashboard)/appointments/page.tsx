import { CalendarCheck } from "lucide-react";
import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { EmptyState } from "@/components/empty-state";

export const metadata: Metadata = { title: "Appointments" };

export default function AppointmentsPage() {
  return (
    <>
      <PageHeader title="Appointments" description="Meetings booked by your agent." />
      <EmptyState
        icon={<CalendarCheck />}
        title="No appointments yet"
        description="Meetings your agent books during calls show up here, kept in sync with Cal.com when it is connected."
      />
    </>
  );
}
