import { CalendarCheck } from "lucide-react";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { PageHeader } from "@/components/app/page-header";
import { Pager } from "@/components/app/pager";
import { ViewerZone } from "@/components/app/viewer-zone";
import { VIEWER_ZONE_COOKIE } from "@/components/app/viewer-zone-cookie";
import { AppointmentsTable } from "@/components/appointments/appointments-table";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { listCampaignOptions } from "@/lib/db/queries/leads";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { appointmentStats, isTimeZone } from "@/lib/services/appointments/appointment-stats";
import { appointmentListQuerySchema, listAppointments } from "@/lib/services/appointments/list-appointments";
import type { Actor } from "@/lib/services/organizations/roles";
import { AppointmentStatCards } from "./_components/appointment-stat-cards";
import { AppointmentsFilters } from "./_components/appointments-filters";

export const metadata: Metadata = { title: "Appointments" };

export default async function AppointmentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const one = (k: string) => (typeof sp[k] === "string" ? sp[k] : undefined);
  const query = appointmentListQuerySchema.parse({
    tab: one("tab"),
    page: one("page"),
    q: one("q"),
    status: one("status"),
    campaignId: one("campaign"),
    source: one("source"),
  });
  const cookieZone = decodeURIComponent((await cookies()).get(VIEWER_ZONE_COOKIE)?.value ?? "");
  const zone = cookieZone && isTimeZone(cookieZone) ? cookieZone : "UTC";
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const now = new Date();
  const { list, stats, campaigns } = await withUser(user, async (tx) => ({
    list: await listAppointments({ tx, actor, query, now }),
    stats: await appointmentStats({ tx, actor, now, zone }),
    campaigns: await listCampaignOptions(tx, { orgId: org.orgId }),
  }));
  const filtered = Boolean(query.q || query.status || query.campaignId || query.source);
  const anyAtAll = stats.total > 0 || list.total > 0 || filtered || query.tab === "past";
  const href = (page: number) => {
    const p = new URLSearchParams();
    if (query.tab !== "upcoming") p.set("tab", query.tab);
    if (query.q) p.set("q", query.q);
    if (query.status) p.set("status", query.status);
    if (query.campaignId) p.set("campaign", query.campaignId);
    if (query.source) p.set("source", query.source);
    if (page > 1) p.set("page", String(page));
    const q = p.toString();
    return q ? `/appointments?${q}` : "/appointments";
  };
  return (
    <>
      <ViewerZone used={zone} />
      <PageHeader title="Appointments" description="Meetings booked by your agent, upcoming and past." />
      {!anyAtAll ? (
        <EmptyState
          icon={<CalendarCheck />}
          title="No appointments yet"
          description="Meetings your agent books during calls show up here, kept in sync with Cal.com when it is connected."
          action={
            <Button asChild size="sm" variant="outline">
              <Link href="/campaigns">Go to campaigns</Link>
            </Button>
          }
        />
      ) : (
        <div className="grid min-w-0 gap-4">
          <AppointmentStatCards stats={stats} />
          <AppointmentsFilters campaigns={campaigns} counts={{ upcoming: stats.upcoming }} />
          <Card className="min-w-0 gap-0 py-0">
            {list.total === 0 ? (
              <p className="text-muted-foreground p-8 text-center text-sm">
                {filtered
                  ? "No appointments match these filters."
                  : query.tab === "upcoming"
                    ? "Nothing coming up. New bookings from your campaigns will appear here."
                    : "No past appointments yet."}
              </p>
            ) : (
              <>
                <AppointmentsTable rows={list.rows} />
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
