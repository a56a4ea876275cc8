import { Download, PhoneCall } from "lucide-react";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { LiveRefresh } from "@/components/app/live-refresh";
import { PageHeader } from "@/components/app/page-header";
import { Pager } from "@/components/app/pager";
import { ViewerZone } from "@/components/app/viewer-zone";
import { VIEWER_ZONE_COOKIE } from "@/components/app/viewer-zone-cookie";
import { CallsTable } from "@/components/campaigns/calls-table";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { listCampaignOptions } from "@/lib/db/queries/leads";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { callSearchParams, isCallFilterActive, parseCallSearchParams } from "@/lib/schemas/call-filters";
import { formatCount } from "@/lib/schemas/list";
import { isTimeZone } from "@/lib/services/appointments/appointment-stats";
import { CALL_PAGE_SIZE, listCalls } from "@/lib/services/calls/list-calls";
import { getChangeMarker } from "@/lib/services/live/get-change-marker";
import type { Actor } from "@/lib/services/organizations/roles";
import { CallsFilters } from "./_components/calls-filters";

export const metadata: Metadata = { title: "Calls" };

export default async function CallsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { filter, page } = parseCallSearchParams(await searchParams);
  const cookieZone = decodeURIComponent((await cookies()).get(VIEWER_ZONE_COOKIE)?.value ?? "");
  const zone = cookieZone && isTimeZone(cookieZone) ? cookieZone : "UTC";
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const { marker, list, campaigns } = await withUser(user, async (tx) => ({
    // Read before the list: a call that changes in between shows up on the first poll.
    marker: await getChangeMarker({ tx, orgId: org.orgId, query: {}, now: new Date() }),
    list: await listCalls({ tx, actor, query: { ...filter, zone, page, pageSize: CALL_PAGE_SIZE } }),
    campaigns: await listCampaignOptions(tx, { orgId: org.orgId }),
  }));
  const filtered = isCallFilterActive(filter);
  const href = (p: number) => {
    const q = callSearchParams(filter, p).toString();
    return q ? `/calls?${q}` : "/calls";
  };
  const exportQuery = callSearchParams(filter).toString();
  return (
    <>
      <ViewerZone used={zone} />
      <LiveRefresh marker={marker} />
      <PageHeader title="Calls" description="Every call placed, live and finished." />
      {list.total === 0 && !filtered ? (
        <EmptyState
          icon={<PhoneCall />}
          title="No calls yet"
          description="Start a campaign with leads and each call your agent places will appear here with its result, what the conversation achieved and its duration."
          action={
            <Button asChild size="sm">
              <Link href="/campaigns">Go to campaigns</Link>
            </Button>
          }
        />
      ) : (
        <div className="grid min-w-0 gap-4">
          <CallsFilters campaigns={campaigns} />
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-muted-foreground text-sm" data-testid="calls-count">
              <span className="text-foreground font-medium tabular-nums">
                {formatCount(list.total, list.capped)}
              </span>{" "}
              {list.total === 1 && !list.capped ? "call" : "calls"}
              {filtered ? " match" : ""}
              <span
                className="ml-2 inline-flex items-center gap-1.5 text-xs"
                title="Updates while this tab is open"
              >
                <span className="relative flex size-2">
                  <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-500 opacity-60 motion-reduce:animate-none" />
                  <span className="relative inline-flex size-2 rounded-full bg-emerald-500" />
                </span>
                Live
              </span>
            </p>
            {list.total > 0 ? (
              <Button asChild variant="outline" size="sm">
                <a href={exportQuery ? `/api/calls/export?${exportQuery}` : "/api/calls/export"} download>
                  <Download /> Export CSV
                </a>
              </Button>
            ) : null}
          </div>
          {/* min-w-0: a wide table scrolls inside its card instead of stretching the page. */}
          <Card className="min-w-0 gap-0 py-0">
            {list.total === 0 ? (
              <p className="text-muted-foreground p-8 text-center text-sm">
                {filter.q
                  ? "No call's transcript or summary matches this search with these filters."
                  : "No calls match these filters."}
              </p>
            ) : (
              <>
                <CallsTable rows={list.rows} />
                <Pager
                  page={list.page}
                  pageSize={list.pageSize}
                  total={list.total}
                  capped={list.capped}
                  rows={list.rows.length}
                  href={href}
                />
              </>
            )}
          </Card>
        </div>
      )}
    </>
  );
}
