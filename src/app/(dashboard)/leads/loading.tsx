import { PageHeader } from "@/components/app/page-header";
import { LeadsTabs } from "@/components/leads/leads-tabs";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

/** Placeholder widths, one per table column, shared by the header and the rows so they line up. */
const COLUMNS = [
  { key: "name", width: "w-40" },
  { key: "phone", width: "w-28" },
  { key: "status", width: "w-16" },
  { key: "campaign", width: "w-24" },
  { key: "zone", width: "w-32" },
  { key: "consent", width: "w-14" },
  { key: "attempts", width: "w-8" },
  { key: "called", width: "w-20" },
  { key: "added", width: "w-12" },
];
const ROWS = Array.from({ length: 12 }, (_, i) => `row-${i}`);

/**
 * While a lead page loads. It also stands in for the other pages under /leads (import, the
 * do-not-call list) that have no skeleton of their own, so it keeps to what they share: the
 * header, the tabs (which mark the page being opened) and a table.
 */
export default function LeadsLoading() {
  return (
    <div aria-busy="true">
      <span className="sr-only" role="status">
        Loading leads…
      </span>
      <PageHeader
        title="Leads"
        description="Everyone your agent may call, with consent and do-not-call status."
      />
      <LeadsTabs />
      <div className="mb-3 flex flex-wrap gap-2">
        <Skeleton className="h-8 w-72" />
        <Skeleton className="h-8 w-44" />
        <Skeleton className="h-8 w-24" />
        <Skeleton className="h-8 w-44" />
        <Skeleton className="h-8 w-36" />
        <Skeleton className="h-8 w-28" />
      </div>
      <Card className="gap-0 overflow-hidden py-0">
        <div className="flex h-12 items-center border-b px-4">
          <Skeleton className="h-4 w-28" />
        </div>
        <div className="flex h-10 items-center gap-6 border-b px-4">
          <Skeleton className="size-4" />
          {COLUMNS.map((c) => (
            <Skeleton key={c.key} className={`h-3 ${c.width}`} />
          ))}
        </div>
        {ROWS.map((row) => (
          <div key={row} className="flex h-13 items-center gap-6 border-b px-4 last:border-0">
            <Skeleton className="size-4" />
            {COLUMNS.map((c) =>
              c.key === "name" ? (
                <div key={c.key} className={`grid gap-1.5 ${c.width}`}>
                  <Skeleton className="h-3.5 w-4/5" />
                  <Skeleton className="h-3 w-3/5" />
                </div>
              ) : (
                <Skeleton
                  key={c.key}
                  className={`${c.key === "status" ? "h-5 rounded-md" : "h-3.5"} ${c.width}`}
                />
              ),
            )}
          </div>
        ))}
      </Card>
    </div>
  );
}
