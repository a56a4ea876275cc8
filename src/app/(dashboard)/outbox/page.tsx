import { Mail } from "lucide-react";
import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { EmptyState } from "@/components/empty-state";

export const metadata: Metadata = { title: "Outbox" };

export default function OutboxPage() {
  return (
    <>
      <PageHeader title="Outbox" description="Every follow-up email sent, or that would have been sent." />
      <EmptyState
        icon={<Mail />}
        title="Nothing in the outbox"
        description="Follow-up emails (confirmations, missed-call notes, goodbyes) will be listed here with their status. In local mode they are stored and shown, never sent."
      />
    </>
  );
}
