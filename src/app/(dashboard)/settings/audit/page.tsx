import { ArrowLeft, ScrollText, ShieldAlert } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app/page-header";
import { Pager } from "@/components/app/pager";
import { auditActionLabel, describeFilter } from "@/components/audit/audit-labels";
import { EmptyState } from "@/components/empty-state";
import { LocalTime } from "@/components/local-time";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AuditRow } from "@/lib/db/queries/audit-log";
import { listCampaignOptions } from "@/lib/db/queries/leads";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { pageParamSchema } from "@/lib/schemas/lead";
import { listAuditLog } from "@/lib/services/audit/list-audit-log";
import { type Actor, hasRole } from "@/lib/services/organizations/roles";

export const metadata: Metadata = { title: "Audit log" };

function who(row: AuditRow) {
  if (row.actorName || row.actorEmail) {
    return (
      <span className="grid leading-tight">
        <span className="truncate">{row.actorName ?? row.actorEmail}</span>
        {row.actorName && row.actorEmail ? (
          <span className="text-muted-foreground truncate text-xs">{row.actorEmail}</span>
        ) : null}
      </span>
    );
  }
  return <span className="text-muted-foreground">{actorless(row)}</span>;
}

/** No person behind the row: the tick's purge, an API key, a trigger during sign-up, a deleted account. */
function actorless(row: AuditRow): string {
  if (row.actorId) return "Former member";
  if (typeof row.data.apiKeyId === "string") return "API key";
  return row.action === "leads.purge" ? "The dialer" : "System";
}

function howMany(row: AuditRow): string {
  return row.count === null ? "—" : row.count.toLocaleString();
}

/** Which rows an action ran on: its filter in words, or the leads it named one by one. */
function scope(row: AuditRow, campaignNames: Record<string, string>): string {
  const filter = describeFilter(row.filter, campaignNames);
  if (filter) return filter;
  if (Array.isArray(row.data.leadIds)) return "leads chosen one by one";
  if (row.data.all === true) return "the whole trash";
  return "—";
}

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string>>;
}) {
  const { page } = pageParamSchema.parse(await searchParams);
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const back = (
    <Link
      href="/settings"
      className="text-muted-foreground hover:text-foreground focus-visible:ring-ring/50 mb-3 inline-flex items-center gap-1 rounded-sm text-sm outline-none focus-visible:ring-[3px]"
    >
      <ArrowLeft className="size-4" /> Settings
    </Link>
  );
  if (!hasRole(org.role, "admin")) {
    return (
      <>
        {back}
        <PageHeader title="Audit log" />
        <EmptyState
          icon={<ShieldAlert />}
          title="Only owners and admins read the audit log"
          description="It records who deleted, restored, erased, moved or imported leads and changed the organization. Ask an owner or admin of your organization."
        />
      </>
    );
  }
  const { log, campaigns } = await withUser(user, async (tx) => ({
    log: await listAuditLog({ tx, actor, page: page ?? 1 }),
    campaigns: await listCampaignOptions(tx, { orgId: org.orgId }),
  }));
  const campaignNames = Object.fromEntries(campaigns.map((c) => [c.id, c.name]));
  return (
    <>
      {back}
      <PageHeader
        title="Audit log"
        description="Who deleted, restored, erased, moved, reset or imported leads, and changed the organization: newest first."
      />
      {log.total === 0 ? (
        <EmptyState
          icon={<ScrollText />}
          title="Nothing recorded yet"
          description="Bulk actions on leads, erasures and changes to members and keys appear here as they happen."
        />
      ) : (
        <Card className="gap-0 py-0">
          {/* A narrow screen gets one block per row instead of five columns. */}
          <ul className="divide-y sm:hidden">
            {log.rows.map((row) => (
              <li key={row.id} className="grid gap-1 px-4 py-3 text-sm" data-testid="audit-item">
                <span className="font-medium">
                  {auditActionLabel(row.action)}
                  {row.count === null ? null : <span className="tabular-nums">: {howMany(row)}</span>}
                </span>
                {scope(row, campaignNames) === "—" ? null : (
                  <span className="text-muted-foreground [overflow-wrap:anywhere]">
                    {scope(row, campaignNames)}
                  </span>
                )}
                <span className="text-muted-foreground text-xs">
                  {row.actorName ?? row.actorEmail ?? actorless(row)} · <LocalTime value={row.createdAt} />
                </span>
              </li>
            ))}
          </ul>
          <Table className="hidden sm:table">
            <TableHeader>
              <TableRow>
                <TableHead className="pl-4">When</TableHead>
                <TableHead>Who</TableHead>
                <TableHead>What</TableHead>
                <TableHead className="text-right">How many</TableHead>
                <TableHead className="pr-4">Which leads</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {log.rows.map((row) => (
                <TableRow key={row.id} data-testid="audit-row">
                  <TableCell className="text-muted-foreground pl-4 text-sm whitespace-nowrap">
                    <LocalTime value={row.createdAt} />
                  </TableCell>
                  <TableCell className="max-w-48 text-sm">{who(row)}</TableCell>
                  <TableCell className="min-w-48">{auditActionLabel(row.action)}</TableCell>
                  <TableCell className="text-right tabular-nums">{howMany(row)}</TableCell>
                  <TableCell className="text-muted-foreground max-w-72 pr-4 text-sm [overflow-wrap:anywhere]">
                    {scope(row, campaignNames)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Pager
            page={log.page}
            pageSize={log.pageSize}
            total={log.total}
            capped={log.capped}
            rows={log.rows.length}
            href={(p) => (p > 1 ? `/settings/audit?page=${p}` : "/settings/audit")}
          />
        </Card>
      )}
    </>
  );
}
