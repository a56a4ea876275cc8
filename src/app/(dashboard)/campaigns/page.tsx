import { Megaphone, Upload } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app/page-header";
import { CreateCampaignDialog } from "@/components/campaigns/create-campaign-dialog";
import { EmptyState } from "@/components/empty-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { listCampaigns } from "@/lib/db/queries/campaigns";
import { getOrganization } from "@/lib/db/queries/organizations";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";

export const metadata: Metadata = { title: "Campaigns" };

const STATUS_VARIANT = {
  draft: "secondary",
  active: "success",
  paused: "warning",
  completed: "outline",
  archived: "outline",
} as const;

export default async function CampaignsPage() {
  const { user, org } = await requireOrgContext();
  const { campaigns, organization } = await withUser(user, async (tx) => ({
    campaigns: await listCampaigns(tx, { orgId: org.orgId }),
    organization: await getOrganization(tx, { orgId: org.orgId }),
  }));
  const create = (
    <CreateCampaignDialog
      defaultTimezone={organization?.defaultTimezone ?? "America/New_York"}
      timeZones={Intl.supportedValuesOf("timeZone")}
    />
  );
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Each campaign calls its leads with your AI agent, inside allowed hours in each lead's own time zone."
        actions={campaigns.length > 0 ? create : null}
      />
      {campaigns.length === 0 ? (
        <EmptyState
          icon={<Megaphone />}
          title="No campaigns yet"
          description="Create a campaign, then import its leads from a CSV. Calling settings and launch arrive with the dialer."
          action={create}
        />
      ) : (
        <Card className="py-0">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead className="pl-4">Name</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="text-right">Leads</TableHead>
                <TableHead>Default time zone</TableHead>
                <TableHead>Consent</TableHead>
                <TableHead className="pr-4 text-right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {campaigns.map((c) => (
                <TableRow key={c.id} data-testid="campaign-row">
                  <TableCell className="pl-4 font-medium">
                    <Link className="hover:underline" href={`/leads?campaign=${c.id}`}>
                      {c.name}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <Badge variant={STATUS_VARIANT[c.status]} className="capitalize">
                      {c.status}
                    </Badge>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{c.leadCount.toLocaleString()}</TableCell>
                  <TableCell className="text-muted-foreground">
                    {c.defaultTimezone.replaceAll("_", " ")}
                  </TableCell>
                  <TableCell className="text-muted-foreground">
                    {c.requireConsent ? "Required" : "Not required"}
                  </TableCell>
                  <TableCell className="pr-4 text-right">
                    <Button asChild variant="outline" size="sm">
                      <Link href={`/leads/import?campaign=${c.id}`}>
                        <Upload /> Import leads
                      </Link>
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
    </>
  );
}
