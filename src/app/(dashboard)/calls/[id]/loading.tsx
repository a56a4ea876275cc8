import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

const STEPS = ["queued", "dispatched", "started", "ended"];
const TURNS = ["a", "b", "c"];

export default function CallLoading() {
  return (
    <div aria-busy="true">
      <span className="sr-only" role="status">
        Loading call…
      </span>
      <Skeleton className="mb-3 h-4 w-16" />
      <div className="mb-6 grid gap-2">
        <Skeleton className="h-7 w-72" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="grid gap-4">
          <Card>
            <CardHeader>
              <Skeleton className="h-5 w-24" />
            </CardHeader>
            <CardContent className="grid gap-2">
              <Skeleton className="h-4 w-full" />
              <Skeleton className="h-4 w-2/3" />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <Skeleton className="h-5 w-28" />
            </CardHeader>
            <CardContent className="grid gap-3">
              {TURNS.map((t, i) => (
                <Skeleton key={t} className={i % 2 ? "ml-auto h-10 w-1/2" : "h-10 w-2/3"} />
              ))}
            </CardContent>
          </Card>
        </div>
        <Card>
          <CardHeader>
            <Skeleton className="h-5 w-20" />
          </CardHeader>
          <CardContent className="grid gap-3">
            {STEPS.map((s) => (
              <Skeleton key={s} className="h-8 w-full" />
            ))}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
