import { ShieldAlert, Trash2 } from "lucide-react";
import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { EmptyState } from "@/components/empty-state";
import { formatPhone } from "@/components/leads/format-phone";
import { leadName } from "@/components/leads/lead-labels";
import { LeadsTabs } from "@/components/leads/leads-tabs";
import { withUser } from "@/lib/db/with-user";
import { daysUntilPurge, TRASH_RETENTION_DAYS } from "@/lib/leads/trash";
import { requireOrgContext } from "@/lib/next/request-auth";
import { pageParamSchema } from "@/lib/schemas/lead";
import { listTrashedLeads } from "@/lib/services/leads/list-trashed-leads";
import { type Actor, hasRole } from "@/lib/services/organizations/roles";
import { type TrashRow, TrashView } from "./_components/trash-view";

export const metadata: Metadata = { title: "Trash" };

export default async function TrashPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const { page } = pageParamSchema.parse(await searchParams);
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const isAdmin = hasRole(org.role, "admin");
  const header = (
    <>
      <PageHeader
        title="Leads"
        description="Everyone your agent may call, with consent and do-not-call status."
      />
      <LeadsTabs showTrash={isAdmin} />
    </>
  );
  if (!isAdmin) {
    return (
      <>
        {header}
        <EmptyState
          icon={<ShieldAlert />}
          title="Only owners and admins see the trash"
          description="Leads you delete wait in the trash for 30 days, where an owner or admin of your organization can restore them. Ask one if you deleted a lead by mistake."
        />
      </>
    );
  }
  const list = await withUser(user, (tx) => listTrashedLeads({ tx, actor, page: page ?? 1 }));
  const now = new Date();
  const rows: TrashRow[] = list.rows.map((r) => ({
    id: r.id,
    name: leadName(r),
    company: r.company,
    phone: formatPhone(r.phone),
    campaignName: r.campaignName,
    deletedAt: r.deletedAt.toISOString(),
    deletedBy: r.deletedByName ?? r.deletedByEmail,
    daysLeft: daysUntilPurge(r.deletedAt, now),
  }));
  return (
    <>
      {header}
      <div className="mb-4 grid gap-1">
        <h2 className="text-lg font-semibold tracking-tight">Trash</h2>
        <p className="text-muted-foreground max-w-2xl text-sm">
          Deleted leads wait here for {TRASH_RETENTION_DAYS} days: out of every list and count, and never
          called. Restore them, or erase them now; after {TRASH_RETENTION_DAYS} days they are erased with
          their calls, meetings and emails. To erase everything about one person, open the lead and choose
          Erase this person&apos;s data.
        </p>
      </div>
      {list.total === 0 ? (
        <EmptyState
          icon={<Trash2 />}
          title="The trash is empty"
          description={`Leads deleted from the lead table land here and can be restored for ${TRASH_RETENTION_DAYS} days.`}
        />
      ) : (
        <TrashView
          rows={rows}
          total={list.total}
          capped={list.capped}
          page={list.page}
          pageSize={list.pageSize}
        />
      )}
    </>
  );
}
