import { Megaphone } from "lucide-react";
import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { EmptyState } from "@/components/empty-state";

export const metadata: Metadata = { title: "Campaigns" };

export default function CampaignsPage() {
  return (
    <>
      <PageHeader title="Campaigns" description="Campaigns run your AI agent over a list of leads." />
      <EmptyState
        icon={<Megaphone />}
        title="No campaigns yet"
        description="A campaign calls a list of leads with your AI voice agent, only inside allowed hours in each lead's own time zone. Campaigns arrive in the next release; you'll create, preview and launch them here."
      />
    </>
  );
}
