import { PhoneCall } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app/page-header";
import { Pager } from "@/components/app/pager";
import { CallsTable } from "@/components/campaigns/calls-table";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { listCampaignOptions } from "@/lib/db/queries/leads";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { callListQuerySchema, listCalls } from "@/lib/services/calls/list-calls";
import type { Actor } from "@/lib/services/organizations/roles";
import { CallsFilters } from "./_components/calls-filters";

export const metadata: Metadata = { title: "Calls" };

export default async function CallsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const one = (k: string) => (typeof sp[k] === "string" ? sp[k] : undefined);
  const query = callListQuerySchema.parse({
    page: one("page"),
    campaignId: one("campaign"),
    result: one("result"),
  });
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const { list, campaigns } = await withUser(user, async (tx) => ({
    list: await listCalls({ tx, actor, query }),
    campaigns: await listCampaignOptions(tx, { orgId: org.orgId }),
  }));
  const filtered = Boolean(query.campaignId || query.result);
  const href = (page: number) => {
    const p = new URLSearchParams();
    if (query.campaignId) p.set("campaign", query.campaignId);
    if (query.result) p.set("result", query.result);
    if (page > 1) p.set("page", String(page));
    const q = p.toString();
    return q ? `/calls?${q}` : "/calls";
  };
  return (
    <>
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
          {/* min-w-0: a wide table scrolls inside its card instead of stretching the page. */}
          <Card className="min-w-0 gap-0 py-0">
            {list.total === 0 ? (
              <p className="text-muted-foreground p-8 text-center text-sm">No calls match these filters.</p>
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
