import { ArrowLeft, BarChart3, FlaskConical } from "lucide-react";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { LiveRefresh } from "@/components/app/live-refresh";
import { ViewerZone } from "@/components/app/viewer-zone";
import { VIEWER_ZONE_COOKIE, viewerZoneFrom } from "@/components/app/viewer-zone-cookie";
import { CampaignStatusBadge } from "@/components/campaigns/campaign-status-badge";
import { EmptyState } from "@/components/empty-state";
import { ReportToolbar } from "@/components/reports/report-toolbar";
import { ReportView } from "@/components/reports/report-view";
import { Badge } from "@/components/ui/badge";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { localDate, reportQuerySchema } from "@/lib/reports/periods";
import { getChangeMarker } from "@/lib/services/live/get-change-marker";
import type { Actor } from "@/lib/services/organizations/roles";
import { getReport } from "@/lib/services/reports/get-report";
import { CampaignTabs } from "../_components/campaign-tabs";

export const metadata: Metadata = { title: "Campaign results" };

export default async function CampaignResultsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const sp = await searchParams;
  const one = (k: string) => (typeof sp[k] === "string" ? sp[k] : undefined);
  const query = reportQuerySchema.parse({
    period: one("period") ?? "7d",
    from: one("from"),
    to: one("to"),
    campaignId: id,
  });
  const zone = viewerZoneFrom((await cookies()).get(VIEWER_ZONE_COOKIE)?.value);
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const now = new Date();
  const data = await withUser(user, async (tx) => {
    const marker = await getChangeMarker({ tx, orgId: org.orgId, query: { campaignId: id }, now });
    const campaign = await getCampaign(tx, { orgId: org.orgId, campaignId: id });
    if (!campaign) return null;
    return { campaign, marker, report: await getReport({ tx, actor, query, now, zone, view: "campaign" }) };
  });
  if (!data) notFound();
  const { campaign: c, report, marker } = data;
  return (
    <>
      <ViewerZone used={zone} />
      <LiveRefresh marker={marker} campaignId={c.id} maxAgeMs={60_000} />
      <Link
        href="/campaigns"
        className="text-muted-foreground hover:text-foreground mb-3 inline-flex items-center gap-1 text-sm"
      >
        <ArrowLeft className="size-4" /> Campaigns
      </Link>
      <div className="mb-4 flex flex-wrap items-center gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">{c.name}</h1>
        <CampaignStatusBadge status={c.status} />
        {c.voiceProvider === "simulator" ? (
          <Badge variant="secondary" title="The simulator places no real calls.">
            <FlaskConical /> Simulated calls
          </Badge>
        ) : null}
      </div>
      <CampaignTabs campaignId={c.id} active="results" />
      <div className="grid min-w-0 gap-4">
        <ReportToolbar period={query.period} from={query.from} to={query.to} today={localDate(now, zone)} />
        {report.current.placed === 0 && report.previous.placed === 0 ? (
          <EmptyState
            icon={<BarChart3 />}
            title="No calls in this period"
            description={
              c.status === "draft"
                ? "Start the campaign from its overview: results show up here as calls happen."
                : "Pick a longer period, or check the overview for who the campaign can call now."
            }
          />
        ) : null}
        <ReportView report={report} />
      </div>
    </>
  );
}
