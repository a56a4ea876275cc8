import { CheckCircle2, Circle } from "lucide-react";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** The first steps, ticked from the organization's real state; the dashboard hides it once all are done. */
export function GetStarted({ steps }: { steps: { done: boolean; label: string; href: string }[] }) {
  const done = steps.filter((s) => s.done).length;
  return (
    <Card data-testid="get-started">
      <CardHeader>
        <CardTitle>Get started</CardTitle>
        <CardDescription>
          {done} of {steps.length} done: from an empty account to booked meetings.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ol className="grid gap-1">
          {steps.map((s) => (
            <li key={s.label}>
              <Link
                href={s.href}
                className="hover:bg-muted focus-visible:ring-ring/50 flex items-center gap-3 rounded-md px-2 py-2 text-sm outline-none focus-visible:ring-[3px]"
                data-done={s.done}
              >
                {s.done ? (
                  <CheckCircle2 className="text-success size-4 shrink-0" aria-label="Done" />
                ) : (
                  <Circle className="text-muted-foreground size-4 shrink-0" aria-label="To do" />
                )}
                <span className={s.done ? "text-muted-foreground line-through" : ""}>{s.label}</span>
              </Link>
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}
