import { PageHeader } from "@/components/app/page-header";
import { LeadsTabs } from "@/components/leads/leads-tabs";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

const SKELETON_ROWS = ["a", "b", "c", "d", "e", "f", "g", "h"];

export default function Loading() {
  return (
    <>
      <PageHeader
        title="Leads"
        description="Everyone your agent may call, with consent and do-not-call status."
      />
      <LeadsTabs />
      <div className="mb-4 grid gap-2">
        <Skeleton className="h-6 w-40" />
        <Skeleton className="h-4 w-full max-w-xl" />
      </div>
      <Card className="gap-0 py-0" aria-busy="true" aria-label="Loading the do-not-call list">
        <div className="border-b px-4 py-2.5">
          <Skeleton className="h-8 w-full max-w-xs" />
        </div>
        {SKELETON_ROWS.map((key) => (
          <div key={key} className="flex items-center gap-6 border-b px-4 py-3 last:border-0">
            <Skeleton className="h-4 w-32" />
            <Skeleton className="h-4 flex-1" />
            <Skeleton className="h-5 w-16" />
            <Skeleton className="h-4 w-40" />
            <Skeleton className="h-4 w-20" />
          </div>
        ))}
      </Card>
    </>
  );
}
