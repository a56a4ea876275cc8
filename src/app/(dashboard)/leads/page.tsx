import { Upload, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app/page-header";
import { EmptyState } from "@/components/empty-state";
import { formatPhone } from "@/components/leads/format-phone";
import { leadName } from "@/components/leads/lead-labels";
import { LeadsTabs } from "@/components/leads/leads-tabs";
import { Button } from "@/components/ui/button";
import { listCampaignOptions } from "@/lib/db/queries/leads";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { parseLeadSearchParams } from "@/lib/schemas/lead";
import { listLeads } from "@/lib/services/leads/list-leads";
import type { Actor } from "@/lib/services/organizations/roles";
import { hasRole } from "@/lib/services/organizations/roles";
import type { LeadRow } from "./_components/lead-row";
import { LeadsView } from "./_components/leads-view";

export const metadata: Metadata = { title: "Leads" };

export default async function LeadsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = parseLeadSearchParams(await searchParams);
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const { result, campaigns } = await withUser(user, async (tx) => ({
    result: await listLeads({ tx, actor, query }),
    campaigns: await listCampaignOptions(tx, { orgId: org.orgId }),
  }));

  const importButton = (
    <Button asChild>
      <Link href="/leads/import">
        <Upload /> Import CSV
      </Link>
    </Button>
  );
  const campaignNames = new Map(campaigns.map((c) => [c.id, c.name]));
  const rows: LeadRow[] = result.rows.map((l) => ({
    id: l.id,
    name: leadName(l),
    company: l.company,
    email: l.email,
    phone: formatPhone(l.phone),
    phoneExtension: l.phoneExtension,
    status: l.status,
    campaignId: l.campaignId,
    campaignName: campaignNames.get(l.campaignId) ?? "",
    timezone: l.timezone,
    timezoneSource: l.timezoneSource,
    timezoneCandidates: l.timezoneCandidates,
    consent: l.consent,
    consentSource: l.consentSource,
    consentAt: l.consentAt?.toISOString() ?? null,
    attempts: l.attempts,
    nextAttemptAt: l.nextAttemptAt?.toISOString() ?? null,
    lastCalledAt: l.lastCalledAt?.toISOString() ?? null,
    createdAt: l.createdAt.toISOString(),
  }));

  return (
    <>
      <PageHeader
        title="Leads"
        description="Everyone your agent may call, with consent and do-not-call status."
        actions={importButton}
      />
      <LeadsTabs showTrash={hasRole(org.role, "admin")} />
      {result.hasAnyLead ? (
        <LeadsView
          query={{ ...query, page: result.page }}
          rows={rows}
          total={result.total}
          capped={result.capped}
          campaigns={campaigns}
          timeZones={Intl.supportedValuesOf("timeZone")}
          canAdminister={hasRole(org.role, "admin")}
        />
      ) : (
        <EmptyState
          icon={<Users />}
          title="No leads yet"
          description={
            campaigns.length === 0
              ? "Create a campaign, then import its leads from a CSV exported from your CRM, Excel or Google Sheets. Every lead gets a dialable E.164 number and a time zone."
              : "Import a CSV exported from your CRM, Excel or Google Sheets. Every lead gets a dialable E.164 number and a time zone, and you'll search, filter and bulk-edit them here."
          }
          action={
            campaigns.length === 0 ? (
              <Button asChild>
                <Link href="/campaigns">Create a campaign</Link>
              </Button>
            ) : (
              importButton
            )
          }
        />
      )}
    </>
  );
}
