import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import { ACTIVITY_KINDS, activityKindOf } from "@/lib/activity/kinds";
import type { AuditRow } from "@/lib/db/queries/audit-log";
import { cn } from "@/lib/utils";
import { actorlessLabel, describeActivity } from "./describe-activity";

/** Audit rows as a readable list: who, what (linked to the object), when. */
export function ActivityList({
  rows,
  campaignNames,
  compact = false,
}: {
  rows: AuditRow[];
  campaignNames: Record<string, string>;
  compact?: boolean;
}) {
  return (
    <ol className="divide-y">
      {rows.map((row) => {
        const line = describeActivity(row, campaignNames);
        const kind = activityKindOf(row.action);
        const who = row.actorName ?? row.actorEmail ?? actorlessLabel(row);
        return (
          <li
            key={row.id}
            className={cn("grid gap-0.5 text-sm", compact ? "py-2.5" : "px-4 py-3")}
            data-testid="activity-item"
          >
            <div className="flex min-w-0 flex-wrap items-baseline gap-x-2 gap-y-1">
              <span className="font-medium">{who}</span>
              {line.href ? (
                <Link
                  href={line.href}
                  className="min-w-0 [overflow-wrap:anywhere] underline-offset-4 hover:underline"
                >
                  {line.text}
                </Link>
              ) : (
                <span className="min-w-0 [overflow-wrap:anywhere]">{line.text}</span>
              )}
              {kind && !compact ? (
                <Badge variant="secondary" className="ml-auto">
                  {ACTIVITY_KINDS[kind].label}
                </Badge>
              ) : null}
            </div>
            {line.detail ? (
              <p className="text-muted-foreground [overflow-wrap:anywhere]">{line.detail}</p>
            ) : null}
            <LocalTime value={row.createdAt} relative className="text-muted-foreground text-xs" />
          </li>
        );
      })}
    </ol>
  );
}
