import { Download, PhoneOff, SearchX } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app/page-header";
import { Pager } from "@/components/app/pager";
import { EmptyState } from "@/components/empty-state";
import { LeadsTabs } from "@/components/leads/leads-tabs";
import { LocalTime } from "@/components/local-time";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { getOrganization } from "@/lib/db/queries/organizations";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { listDoNotCallSchema } from "@/lib/schemas/do-not-call";
import { formatCount } from "@/lib/schemas/list";
import { displayPhone } from "@/lib/services/do-not-call/display-phone";
import { listDoNotCallPage } from "@/lib/services/do-not-call/list-do-not-call";
import type { Actor } from "@/lib/services/organizations/roles";
import { hasRole } from "@/lib/services/organizations/roles";
import { AddNumberDialog } from "./_components/add-number-dialog";
import { DncSearch } from "./_components/dnc-search";
import { ImportDialog } from "./_components/import-dialog";
import { RemoveEntryButton } from "./_components/remove-entry-button";
import { SourceBadge } from "./_components/source-badge";

export const metadata: Metadata = { title: "Do-not-call list" };

function dncHref(page: number, search: string): string {
  const params = new URLSearchParams();
  if (search) params.set("q", search);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/leads/do-not-call?${query}` : "/leads/do-not-call";
}

/** Who put an entry on the list; entries from the API or a call have no person behind them. */
function addedBy(entry: { addedBy: string | null; addedByEmail: string | null; source: string }) {
  if (entry.addedByEmail) return <span className="block max-w-48 truncate">{entry.addedByEmail}</span>;
  if (entry.source === "api") return <span className="text-muted-foreground">API key</span>;
  if (entry.source === "call") return <span className="text-muted-foreground">AI agent, on a call</span>;
  return <span className="text-muted-foreground">{entry.addedBy ? "Unknown member" : "Former member"}</span>;
}

export default async function DoNotCallPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string>>;
}) {
  const input = listDoNotCallSchema.parse(await searchParams);
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const { list, organization } = await withUser(user, async (tx) => ({
    list: await listDoNotCallPage({ tx, actor, input }),
    organization: await getOrganization(tx, { orgId: org.orgId }),
  }));
  const defaultCountry = organization?.defaultCountry ?? "US";

  return (
    <>
      <PageHeader
        title="Leads"
        description="Everyone your agent may call, with consent and do-not-call status."
      />
      <LeadsTabs showTrash={hasRole(org.role, "admin")} />
      <div className="mb-4 flex flex-col gap-3 lg:flex-row lg:items-end lg:justify-between">
        <div className="grid gap-1">
          <h2 className="text-lg font-semibold tracking-tight">Do-not-call list</h2>
          <p className="text-muted-foreground max-w-xl text-sm">
            Numbers your agent never calls, in any campaign. Adding a number marks its leads do-not-call at
            once, and the dialer checks this list again before every call.
          </p>
        </div>
        {list.listIsEmpty ? null : (
          <div className="flex shrink-0 flex-wrap items-center gap-2">
            <Button asChild size="sm" variant="outline">
              <a href="/api/do-not-call/export" download>
                <Download /> Export CSV
              </a>
            </Button>
            <ImportDialog />
            <AddNumberDialog defaultCountry={defaultCountry} />
          </div>
        )}
      </div>

      {list.listIsEmpty ? (
        <EmptyState
          icon={<PhoneOff />}
          title="No numbers on the do-not-call list"
          description="When someone asks not to be called, add their number here: every campaign skips it from then on, and their leads are marked do-not-call. Have an opt-out list from your CRM? Import it as a CSV."
          action={
            <>
              <AddNumberDialog defaultCountry={defaultCountry} />
              <ImportDialog />
            </>
          }
        />
      ) : (
        <Card className="gap-0 py-0">
          <div className="flex flex-wrap items-center justify-between gap-3 border-b px-4 py-2.5">
            <DncSearch initial={list.search} />
            <p className="text-muted-foreground text-sm tabular-nums">
              {formatCount(list.total, list.capped)} {list.search ? "matching" : ""} number
              {list.total === 1 && !list.capped ? "" : "s"}
            </p>
          </div>
          {list.total === 0 ? (
            <EmptyState
              className="m-4 min-h-48"
              icon={<SearchX />}
              title={`No numbers match “${list.search}”`}
              description="Search by any part of the number (digits only are compared) or by a word of the reason."
              action={
                <Button asChild size="sm" variant="outline">
                  <Link href="/leads/do-not-call">Clear search</Link>
                </Button>
              }
            />
          ) : (
            <>
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead className="pl-4">Number</TableHead>
                    <TableHead>Reason</TableHead>
                    <TableHead>Source</TableHead>
                    <TableHead>Added by</TableHead>
                    <TableHead>Added</TableHead>
                    <TableHead className="text-right">
                      <Tooltip>
                        <TooltipTrigger className="cursor-help underline decoration-dotted underline-offset-4">
                          Leads
                        </TooltipTrigger>
                        <TooltipContent>Leads with this number, across all campaigns</TooltipContent>
                      </Tooltip>
                    </TableHead>
                    <TableHead className="w-12 pr-4">
                      <span className="sr-only">Actions</span>
                    </TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {list.entries.map((e) => {
                    const display = displayPhone(e.phone);
                    return (
                      <TableRow key={e.id} data-testid="dnc-row">
                        <TableCell className="pl-4 font-medium whitespace-nowrap tabular-nums">
                          {display}
                        </TableCell>
                        <TableCell className="max-w-64">
                          {e.reason ? (
                            <span className="block truncate" title={e.reason}>
                              {e.reason}
                            </span>
                          ) : (
                            <span className="text-muted-foreground">—</span>
                          )}
                        </TableCell>
                        <TableCell>
                          <SourceBadge source={e.source} />
                        </TableCell>
                        <TableCell className="text-sm">{addedBy(e)}</TableCell>
                        <TableCell className="text-muted-foreground text-sm whitespace-nowrap">
                          <LocalTime value={e.createdAt} format="date" />
                        </TableCell>
                        <TableCell
                          className={`text-right tabular-nums ${e.matchingLeads === 0 ? "text-muted-foreground" : ""}`}
                        >
                          {e.matchingLeads.toLocaleString()}
                        </TableCell>
                        <TableCell className="pr-4 text-right">
                          {list.canRemove ? (
                            <RemoveEntryButton id={e.id} display={display} matchingLeads={e.matchingLeads} />
                          ) : null}
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
              <Pager
                page={list.page}
                pageSize={list.pageSize}
                total={list.total}
                capped={list.capped}
                rows={list.entries.length}
                href={(page) => dncHref(page, list.search)}
              />
            </>
          )}
        </Card>
      )}
      {list.listIsEmpty ? null : (
        <p className="text-muted-foreground mt-3 text-xs">
          {list.canRemove
            ? "Removing a number does not change leads already marked do-not-call; reset those in the lead table only if the person agreed to be called again."
            : "Only owners and admins can remove numbers. Removing one never resets leads already marked do-not-call."}
        </p>
      )}
    </>
  );
}
