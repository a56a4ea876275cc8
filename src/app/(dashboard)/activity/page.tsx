import { Activity } from "lucide-react";
import type { Metadata } from "next";
import { ActivityList } from "@/components/activity/activity-list";
import { PageHeader } from "@/components/app/page-header";
import { Pager } from "@/components/app/pager";
import { EmptyState } from "@/components/empty-state";
import { Card } from "@/components/ui/card";
import {
  ACTIVITY_KIND_KEYS,
  ACTIVITY_KINDS,
  type ActivityQuery,
  activityQuerySchema,
} from "@/lib/activity/kinds";
import { listCampaignOptions } from "@/lib/db/queries/leads";
import { listMembers } from "@/lib/db/queries/memberships";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { listActivity } from "@/lib/services/activity/list-activity";
import { type Actor, hasRole } from "@/lib/services/organizations/roles";
import { ActivityFilters } from "./_components/activity-filters";

export const metadata: Metadata = { title: "Activity" };

function hrefFor(query: ActivityQuery, page: number): string {
  const p = new URLSearchParams();
  if (query.kind) p.set("kind", query.kind);
  if (query.person) p.set("person", query.person);
  if (page > 1) p.set("page", String(page));
  const q = p.toString();
  return q ? `/activity?${q}` : "/activity";
}

export default async function ActivityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const one = (k: string) => (typeof sp[k] === "string" ? sp[k] : undefined);
  const query = activityQuerySchema.parse({ kind: one("kind"), person: one("person"), page: one("page") });
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const { feed, campaigns, members } = await withUser(user, async (tx) => ({
    feed: await listActivity({ tx, actor, query }),
    campaigns: await listCampaignOptions(tx, { orgId: org.orgId }),
    members: await listMembers(tx, { orgId: org.orgId }),
  }));
  const admin = hasRole(org.role, "admin");
  const filtered = Boolean(query.kind || query.person);
  return (
    <>
      <PageHeader
        title="Activity"
        description={
          admin
            ? "What happened in your organization: campaigns, imports, lead actions, the do-not-call list, settings, keys and members."
            : "What happened to your campaigns, and what you did yourself. Owners and admins see the whole organization."
        }
      />
      <div className="grid min-w-0 gap-4">
        <ActivityFilters
          kinds={ACTIVITY_KIND_KEYS.map((k) => ({ value: k, label: ACTIVITY_KINDS[k].label }))}
          people={members.map((m) => ({ value: m.userId, label: m.fullName ?? m.email ?? "Member" }))}
        />
        <Card className="min-w-0 gap-0 py-0">
          {feed.total === 0 ? (
            <EmptyState
              icon={<Activity />}
              className="border-0"
              title={filtered ? "Nothing matches these filters" : "Nothing has happened yet"}
              description={
                filtered
                  ? "Try another kind or person."
                  : "Create a campaign, import leads or change a setting, and it shows here with who did it and when."
              }
            />
          ) : (
            <>
              <ActivityList
                rows={feed.rows}
                campaignNames={Object.fromEntries(campaigns.map((c) => [c.id, c.name]))}
              />
              <Pager
                page={feed.page}
                pageSize={feed.pageSize}
                total={feed.total}
                capped={feed.capped}
                rows={feed.rows.length}
                href={(page) => hrefFor(query, page)}
              />
            </>
          )}
        </Card>
      </div>
    </>
  );
}
