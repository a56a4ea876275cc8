import { Info, Megaphone, Upload } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app/page-header";
import { CampaignStatusBadge } from "@/components/campaigns/campaign-status-badge";
import { CreateCampaignDialog } from "@/components/campaigns/create-campaign-dialog";
import { EmptyState } from "@/components/empty-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { listCampaignCounts, listCampaigns } from "@/lib/db/queries/campaigns";
import { getOrganization } from "@/lib/db/queries/organizations";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";

export const metadata: Metadata = { title: "Campaigns" };

export default async function CampaignsPage() {
  const { user, org } = await requireOrgContext();
  const { campaigns, counts, organization } = await withUser(user, async (tx) => ({
    campaigns: await listCampaigns(tx, { orgId: org.orgId }),
    counts: new Map((await listCampaignCounts(tx, { orgId: org.orgId })).map((c) => [c.campaignId, c])),
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
          description="Create a campaign, then import its leads from a CSV. Then set its calling hours and start it."
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
                <TableHead className="w-44">
                  <Tooltip>
                    <TooltipTrigger asChild>
                      <span className="inline-flex cursor-help items-center gap-1" data-testid="done-header">
                        Done <Info className="size-3.5" aria-hidden />
                      </span>
                    </TooltipTrigger>
                    <TooltipContent className="max-w-64">
                      Leads with a final result (booked, not interested, do not call, unreachable, out of
                      attempts…) out of all leads. Leads waiting for a call, a retry or a callback are not
                      done; resetting leads to pending lowers it.
                    </TooltipContent>
                  </Tooltip>
                </TableHead>
                <TableHead className="text-right">Calls</TableHead>
                <TableHead className="text-right">Connected</TableHead>
                <TableHead className="text-right">Booked</TableHead>
                <TableHead>Voice</TableHead>
                <TableHead className="pr-4 text-right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {campaigns.map((c) => {
                const calls = counts.get(c.id);
                return (
                  <TableRow key={c.id} data-testid="campaign-row">
                    <TableCell className="pl-4 font-medium">
                      <Link className="hover:underline" href={`/campaigns/${c.id}`}>
                        {c.name}
                      </Link>
                    </TableCell>
                    <TableCell>
                      <CampaignStatusBadge status={c.status} />
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      <Link className="hover:underline" href={`/leads?campaign=${c.id}`}>
                        {c.leadCount.toLocaleString()}
                      </Link>
                    </TableCell>
                    <TableCell>
                      <div
                        className="flex items-center gap-2"
                        title={`${c.doneCount.toLocaleString()} of ${c.leadCount.toLocaleString()} leads have a final result`}
                      >
                        <Progress
                          value={c.leadCount ? (100 * c.doneCount) / c.leadCount : 0}
                          className="h-1.5 min-w-12"
                          aria-label="Leads with a final result"
                        />
                        <span className="text-muted-foreground w-10 text-right text-xs tabular-nums">
                          {c.leadCount ? Math.round((100 * c.doneCount) / c.leadCount) : 0}%
                        </span>
                      </div>
                    </TableCell>
                    <TableCell className="text-right tabular-nums" data-testid="campaign-calls">
                      <Link className="hover:underline" href={`/calls?campaign=${c.id}`}>
                        {(calls?.calls ?? 0).toLocaleString()}
                      </Link>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {(calls?.connected ?? 0).toLocaleString()}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {c.bookedCount.toLocaleString()}
                    </TableCell>
                    <TableCell>
                      {c.voiceProvider === "simulator" ? (
                        <Badge variant="secondary">Simulated</Badge>
                      ) : (
                        <span className="capitalize">{c.voiceProvider}</span>
                      )}
                    </TableCell>
                    <TableCell className="pr-4 text-right">
                      <Button asChild variant="outline" size="sm">
                        <Link href={`/leads/import?campaign=${c.id}`}>
                          <Upload /> Import leads
                        </Link>
                      </Button>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Card>
      )}
    </>
  );
}
