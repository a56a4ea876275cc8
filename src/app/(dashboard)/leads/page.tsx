import { Users } from "lucide-react";
import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { EmptyState } from "@/components/empty-state";

export const metadata: Metadata = { title: "Leads" };

export default function LeadsPage() {
  return (
    <>
      <PageHeader
        title="Leads"
        description="Everyone your agent may call, with consent and do-not-call status."
      />
      <EmptyState
        icon={<Users />}
        title="No leads yet"
        description="Import a CSV from your CRM, Excel or Google Sheets. Every lead gets a dialable E.164 number and a time zone, and you'll search, filter and bulk-edit them here."
      />
    </>
  );
}
