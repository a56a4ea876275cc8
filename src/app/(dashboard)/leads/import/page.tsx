import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { LeadsTabs } from "@/components/leads/leads-tabs";
import { listCampaigns } from "@/lib/db/queries/campaigns";
import { listUnfinishedImports } from "@/lib/db/queries/lead-imports";
import { getOrganization } from "@/lib/db/queries/organizations";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { hasRole } from "@/lib/services/organizations/roles";
import { ImportWizard } from "./_components/import-wizard";

export const metadata: Metadata = { title: "Import leads" };

export default async function ImportLeadsPage({
  searchParams,
}: {
  searchParams: Promise<{ campaign?: string }>;
}) {
  const { campaign } = await searchParams;
  const { user, org } = await requireOrgContext();
  const { campaigns, organization, unfinished } = await withUser(user, async (tx) => ({
    campaigns: await listCampaigns(tx, { orgId: org.orgId }),
    organization: await getOrganization(tx, { orgId: org.orgId }),
    unfinished: await listUnfinishedImports(tx, { orgId: org.orgId }),
  }));
  return (
    <>
      <PageHeader
        title="Leads"
        description="Everyone your agent may call, with consent and do-not-call status."
      />
      <LeadsTabs showTrash={hasRole(org.role, "admin")} />
      <ImportWizard
        campaigns={campaigns.map((c) => ({ id: c.id, name: c.name, defaultTimezone: c.defaultTimezone }))}
        initialCampaignId={campaigns.some((c) => c.id === campaign) ? campaign : undefined}
        orgDefaultTimezone={organization?.defaultTimezone ?? "America/New_York"}
        defaultCountry={organization?.defaultCountry ?? "US"}
        unfinished={unfinished.map((u) => ({ ...u, lastActivityAt: u.lastActivityAt.toISOString() }))}
        timeZones={Intl.supportedValuesOf("timeZone")}
      />
    </>
  );
}
