import { PageHeader } from "@/components/app/page-header";
import { LeadsTabs } from "@/components/leads/leads-tabs";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

const SKELETON_ROWS = ["a", "b", "c", "d", "e", "f"];

export default function Loading() {
  return (
    <>
      <PageHeader
        title="Leads"
        description="Everyone your agent may call, with consent and do-not-call status."
      />
      {/* Only owners and admins reach the trash, so the tab is theirs to see. */}
      <LeadsTabs showTrash />
      <div className="mb-4 grid gap-2">
        <Skeleton className="h-6 w-24" />
        <Skeleton className="h-4 w-full max-w-2xl" />
      </div>
      <Card className="gap-0 py-0" aria-busy="true" aria-label="Loading the trash">
        <div className="border-b px-4 py-2.5">
          <Skeleton className="h-8 w-40" />
        </div>
        {SKELETON_ROWS.map((key) => (
          <div key={key} className="flex items-center gap-6 border-b px-4 py-3 last:border-0">
            <Skeleton className="size-4" />
            <Skeleton className="h-4 flex-1" />
            <Skeleton className="hidden h-4 w-32 md:block" />
            <Skeleton className="hidden h-4 w-28 md:block" />
            <Skeleton className="h-4 w-16" />
          </div>
        ))}
      </Card>
    </>
  );
}
