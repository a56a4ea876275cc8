import { Activity } from "lucide-react";
import Link from "next/link";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listCampaignOptions } from "@/lib/db/queries/leads";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { latestActivity } from "@/lib/services/activity/list-activity";
import type { Actor } from "@/lib/services/organizations/roles";
import { ActivityList } from "./activity-list";

/**
 * The latest few entries of the activity feed, for the dashboard: `<LatestActivity limit={6} />`
 * anywhere under the (dashboard) layout. It loads its own data as the signed-in member (RLS decides
 * what they see), so it can stream in its own <Suspense> boundary.
 */
export async function LatestActivity({ limit = 6 }: { limit?: number }) {
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const { rows, campaigns } = await withUser(user, async (tx) => ({
    rows: await latestActivity({ tx, actor, limit }),
    campaigns: await listCampaignOptions(tx, { orgId: org.orgId }),
  }));
  return (
    <Card data-testid="latest-activity">
      <CardHeader>
        <CardTitle>Latest activity</CardTitle>
        <CardDescription>Who changed what, newest first.</CardDescription>
        <CardAction>
          <Link href="/activity" className="text-muted-foreground hover:text-foreground text-sm">
            All activity
          </Link>
        </CardAction>
      </CardHeader>
      <CardContent>
        {rows.length === 0 ? (
          <p className="text-muted-foreground flex items-center gap-2 text-sm">
            <Activity className="size-4" aria-hidden="true" />
            Nothing yet: campaigns started, imports and settings changes will show here.
          </p>
        ) : (
          <ActivityList
            rows={rows}
            campaignNames={Object.fromEntries(campaigns.map((c) => [c.id, c.name]))}
            compact
          />
        )}
      </CardContent>
    </Card>
  );
}
