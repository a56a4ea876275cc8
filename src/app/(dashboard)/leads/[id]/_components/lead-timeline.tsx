import {
  ArrowRightLeft,
  FileUp,
  type LucideIcon,
  RefreshCw,
  ShieldCheck,
  Sparkles,
  Trash2,
  Undo2,
} from "lucide-react";
import { consentLabel } from "@/components/leads/lead-labels";
import { LeadStatusBadge } from "@/components/leads/lead-status-badge";
import { LocalTime } from "@/components/local-time";
import type { LeadStatus } from "@/lib/schemas/lead";

export type TimelineEntry = {
  id: string;
  type: string;
  fromStatus: LeadStatus | null;
  toStatus: LeadStatus | null;
  data: Record<string, unknown>;
  at: string;
  actor: string | null;
};

const ICONS: Record<string, LucideIcon> = {
  status_changed: RefreshCw,
  consent_changed: ShieldCheck,
  campaign_changed: ArrowRightLeft,
  created: FileUp,
  trashed: Trash2,
  restored: Undo2,
};

function asConsent(value: unknown): boolean | null {
  return typeof value === "boolean" ? value : null;
}

function describe(entry: TimelineEntry, campaignNames: Record<string, string>): React.ReactNode {
  switch (entry.type) {
    case "status_changed":
      return (
        <span className="inline-flex flex-wrap items-center gap-1.5">
          Status
          {entry.fromStatus ? <LeadStatusBadge status={entry.fromStatus} /> : null}
          <span className="text-muted-foreground" aria-hidden="true">
            →
          </span>
          <span className="sr-only">to</span>
          {entry.toStatus ? <LeadStatusBadge status={entry.toStatus} /> : null}
        </span>
      );
    case "consent_changed": {
      const source = typeof entry.data.source === "string" ? entry.data.source : null;
      return (
        <span>
          Consent {consentLabel(asConsent(entry.data.from)).toLowerCase()} →{" "}
          <span className="font-medium">{consentLabel(asConsent(entry.data.to)).toLowerCase()}</span>
          {source ? <span className="text-muted-foreground"> ({source})</span> : null}
        </span>
      );
    }
    case "campaign_changed": {
      const name = (id: unknown) =>
        (typeof id === "string" && campaignNames[id]) || "a campaign that no longer exists";
      return (
        <span>
          Moved from <span className="font-medium">{name(entry.data.from)}</span> to{" "}
          <span className="font-medium">{name(entry.data.to)}</span>
        </span>
      );
    }
    case "trashed":
      return <span>Moved to the trash</span>;
    case "restored":
      return <span>Restored from the trash</span>;
    case "created":
      return typeof entry.data.fileName === "string" ? (
        <span>
          Imported from <span className="font-medium break-all">{entry.data.fileName}</span>
        </span>
      ) : (
        <span>Added</span>
      );
    default:
      return <span>{entry.type.replaceAll("_", " ")}</span>;
  }
}

/** A lead's history as a vertical timeline, newest first, ending with how it arrived. */
export function LeadTimeline({
  entries,
  campaignNames,
}: {
  entries: TimelineEntry[];
  campaignNames: Record<string, string>;
}) {
  return (
    <ol className="grid">
      {entries.map((entry, i) => {
        const Icon = ICONS[entry.type] ?? Sparkles;
        const last = i === entries.length - 1;
        return (
          <li key={entry.id} className="relative flex gap-3 pb-5 last:pb-0">
            {last ? null : (
              <span aria-hidden="true" className="bg-border absolute top-7 bottom-0 left-3.5 w-px" />
            )}
            <span className="bg-muted text-muted-foreground relative flex size-7 shrink-0 items-center justify-center rounded-full border">
              <Icon className="size-3.5" aria-hidden="true" />
            </span>
            <div className="grid min-w-0 gap-0.5 pt-1 text-sm">
              {describe(entry, campaignNames)}
              <span className="text-muted-foreground text-xs">
                <LocalTime value={entry.at} />
                {entry.actor ? ` · ${entry.actor}` : null}
              </span>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
