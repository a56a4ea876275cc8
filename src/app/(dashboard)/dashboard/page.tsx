import { BarChart3 } from "lucide-react";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { Suspense } from "react";
import { LatestActivity } from "@/components/activity/latest-activity";
import { LiveRefresh } from "@/components/app/live-refresh";
import { PageHeader } from "@/components/app/page-header";
import { ViewerZone } from "@/components/app/viewer-zone";
import { VIEWER_ZONE_COOKIE, viewerZoneFrom } from "@/components/app/viewer-zone-cookie";
import { EmptyState } from "@/components/empty-state";
import { ReportToolbar } from "@/components/reports/report-toolbar";
import { ReportView } from "@/components/reports/report-view";
import { Button } from "@/components/ui/button";
import { listCampaignOptions } from "@/lib/db/queries/leads";
import { readSetupState } from "@/lib/db/queries/reports";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { localDate, reportQuerySchema } from "@/lib/reports/periods";
import { getChangeMarker } from "@/lib/services/live/get-change-marker";
import type { Actor } from "@/lib/services/organizations/roles";
import { getReport } from "@/lib/services/reports/get-report";
import { GetStarted } from "./_components/get-started";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const one = (k: string) => (typeof sp[k] === "string" ? sp[k] : undefined);
  const query = reportQuerySchema.parse({
    period: one("period") ?? "7d",
    from: one("from"),
    to: one("to"),
    campaignId: one("campaign"),
  });
  const zone = viewerZoneFrom((await cookies()).get(VIEWER_ZONE_COOKIE)?.value);
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const now = new Date();
  const { setup, report, campaigns, marker } = await withUser(user, async (tx) => {
    // The marker first: a change committed after it is seen by the first poll.
    const marker = await getChangeMarker({ tx, orgId: org.orgId, query: {}, now });
    const setup = await readSetupState(tx, { orgId: org.orgId });
    return {
      marker,
      setup,
      campaigns: await listCampaignOptions(tx, { orgId: org.orgId }),
      report: setup.hasCalls ? await getReport({ tx, actor, query, now, zone, view: "dashboard" }) : null,
    };
  });
  const steps = [
    { done: true, label: "Create your organization", href: "/settings" },
    { done: setup.members > 1, label: "Invite your team", href: "/settings" },
    { done: setup.hasLeads, label: "Import leads from a CSV", href: "/leads/import" },
    { done: setup.hasCampaigns, label: "Create a campaign", href: "/campaigns" },
    { done: setup.hasCalls, label: "Start it and place your first call", href: "/campaigns" },
  ];
  return (
    <>
      <ViewerZone used={zone} />
      {/* Calls move the marker; email events and the activity feed do not: a minute at most. */}
      <LiveRefresh marker={marker} maxAgeMs={60_000} />
      <PageHeader title={`Welcome to ${org.orgName}`} description="Your calling results at a glance." />
      <div className="grid min-w-0 gap-4">
        {steps.some((s) => !s.done) ? <GetStarted steps={steps} /> : null}
        {report ? (
          <>
            <ReportToolbar
              period={query.period}
              from={query.from}
              to={query.to}
              campaignId={query.campaignId}
              campaigns={campaigns.map((c) => ({ value: c.id, label: c.name }))}
              today={localDate(now, zone)}
            />
            <ReportView report={report} />
          </>
        ) : (
          <EmptyState
            icon={<BarChart3 />}
            title="No calls yet"
            description={
              setup.hasCampaigns
                ? "Start a campaign: its calls, connect rate, meetings and spend show up here as they happen."
                : setup.hasLeads
                  ? "Create a campaign for your leads and start it: results show up here as calls happen."
                  : "Import your leads, then create and start a campaign: results show up here as calls happen."
            }
            action={
              <Button asChild size="sm">
                <Link href={setup.hasLeads ? "/campaigns" : "/leads/import"}>
                  {setup.hasLeads ? "Go to campaigns" : "Import leads"}
                </Link>
              </Button>
            }
          />
        )}
        <Suspense fallback={null}>
          <LatestActivity limit={6} />
        </Suspense>
      </div>
    </>
  );
}
