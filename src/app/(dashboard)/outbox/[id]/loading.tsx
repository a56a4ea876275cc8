import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

const DETAILS = ["from", "to", "transport", "call"];

export default function EmailLoading() {
  return (
    <div aria-busy="true">
      <span className="sr-only" role="status">
        Loading email…
      </span>
      <Skeleton className="mb-3 h-4 w-16" />
      <div className="mb-6 grid gap-2">
        <Skeleton className="h-7 w-80 max-w-full" />
        <Skeleton className="h-4 w-64 max-w-full" />
      </div>
      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card>
          <CardHeader>
            <Skeleton className="h-5 w-24" />
          </CardHeader>
          <CardContent>
            <Skeleton className="h-[36rem] w-full" />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <Skeleton className="h-5 w-20" />
          </CardHeader>
          <CardContent className="grid gap-3">
            {DETAILS.map((d) => (
              <Skeleton key={d} className="h-5 w-full" />
            ))}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
