import { PhoneCall } from "lucide-react";
import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { EmptyState } from "@/components/empty-state";

export const metadata: Metadata = { title: "Calls" };

export default function CallsPage() {
  return (
    <>
      <PageHeader title="Calls" description="Every call placed, live and finished." />
      <EmptyState
        icon={<PhoneCall />}
        title="No calls yet"
        description="Each call your agent places will appear here with its result, what the conversation achieved, duration, transcript and recording."
      />
    </>
  );
}
