import { LEAD_STATUS_LABELS } from "@/components/leads/lead-labels";
import { LocalTime } from "@/components/local-time";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import type { LeadStatus } from "@/lib/schemas/lead";
import type { CampaignProgress as Snapshot } from "@/lib/services/campaigns/get-campaign-progress";

const COLORS: Partial<Record<LeadStatus, string>> = {
  pending: "bg-muted-foreground/30",
  queued: "bg-sky-400",
  calling: "bg-sky-600",
  booked: "bg-success",
  callback: "bg-warning",
  no_answer: "bg-amber-300",
  busy: "bg-amber-400",
  voicemail: "bg-violet-400",
  not_interested: "bg-zinc-500",
  unreachable: "bg-zinc-400",
  do_not_call: "bg-destructive",
  invalid_number: "bg-rose-400",
  failed: "bg-rose-600",
};

/**
 * The campaign's progress, as of the page's snapshot: the page refreshes as a whole (LiveRefresh),
 * so these figures always agree with "Right now" and the latest calls beside them.
 */
export function CampaignProgress({ progress: p }: { progress: Snapshot }) {
  const entries = (Object.entries(p.leadsByStatus) as [LeadStatus, number][]).sort((a, b) => b[1] - a[1]);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Progress</CardTitle>
        <CardDescription>Live: updates within seconds of a change while this tab is open.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <div className="grid gap-2">
          <div
            className="bg-muted flex h-3 w-full overflow-hidden rounded-full"
            role="img"
            aria-label="Leads by status"
          >
            {entries.map(([status, n]) => (
              <div
                key={status}
                className={COLORS[status] ?? "bg-muted-foreground"}
                style={{ width: `${(100 * n) / Math.max(1, p.totalLeads)}%` }}
                title={`${LEAD_STATUS_LABELS[status]}: ${n}`}
              />
            ))}
          </div>
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs">
            {entries.map(([status, n]) => (
              <li key={status} className="flex items-center gap-1.5">
                <span className={`size-2 rounded-full ${COLORS[status] ?? "bg-muted-foreground"}`} />
                <span className="text-muted-foreground">{LEAD_STATUS_LABELS[status]}</span>
                <span className="tabular-nums">{n.toLocaleString()}</span>
              </li>
            ))}
          </ul>
        </div>
        <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Stat label="Calls in flight">
            <span className="tabular-nums">
              {p.openCalls} / {p.slots}
            </span>
            <Progress value={(100 * p.openCalls) / Math.max(1, p.slots)} className="mt-1.5 h-1" />
          </Stat>
          <Stat label="Calls today">{p.callsToday.toLocaleString()}</Stat>
          <Stat label="Spend">
            ${(p.spendCents / 100).toFixed(2)}
            {p.spendCapCents !== null ? (
              <span className="text-muted-foreground text-xs"> of ${(p.spendCapCents / 100).toFixed(0)}</span>
            ) : null}
          </Stat>
          <Stat label="Next lead opens">
            {p.nextEligibleAt ? (
              <>
                <LocalTime value={p.nextEligibleAt} format="weekday-time" />
                <LocalTime
                  value={p.nextEligibleAt}
                  relative="only"
                  className="text-muted-foreground block text-xs font-normal"
                />
              </>
            ) : (
              "—"
            )}
          </Stat>
        </div>
      </CardContent>
    </Card>
  );
}

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid content-start gap-0.5">
      <span className="text-muted-foreground text-xs">{label}</span>
      <span className="text-lg font-semibold">{children}</span>
    </div>
  );
}
