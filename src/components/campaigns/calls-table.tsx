import Link from "next/link";
import { formatPhone } from "@/components/leads/format-phone";
import { LeadTime, LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { CallRow } from "@/lib/services/calls/list-calls";
import {
  CALL_OUTCOME_LABELS,
  CALL_RESULT_LABELS,
  CALL_RESULT_VARIANT,
  CALL_STATUS_LABELS,
  formatDuration,
  PROVIDER_LABELS,
} from "./call-labels";

/** Calls with their lead, campaign, result and outcome; each row links to the lead and to the call (its result, or its status while it has none). */
export function CallsTable({ rows, showCampaign = true }: { rows: CallRow[]; showCampaign?: boolean }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead className="pl-4">Lead</TableHead>
          {showCampaign ? <TableHead>Campaign</TableHead> : null}
          <TableHead>Status</TableHead>
          <TableHead>Result</TableHead>
          <TableHead>Outcome</TableHead>
          <TableHead className="text-right">Duration</TableHead>
          <TableHead>Provider</TableHead>
          <TableHead className="pr-4">Started</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((c) => {
          const name = [c.firstName, c.lastName].filter(Boolean).join(" ") || formatPhone(c.phone);
          const started = c.startedAt ?? c.queuedAt;
          return (
            <TableRow key={c.id} data-testid="call-row">
              <TableCell className="pl-4">
                <Link href={`/leads/${c.leadId}`} className="font-medium hover:underline">
                  {name}
                </Link>
                <div className="text-muted-foreground text-xs tabular-nums">
                  {formatPhone(c.phone)} · attempt {c.leadAttempt ?? c.attemptNo}
                </div>
              </TableCell>
              {showCampaign ? (
                <TableCell>
                  <Link href={`/campaigns/${c.campaignId}`} className="text-muted-foreground hover:underline">
                    {c.campaignName}
                  </Link>
                </TableCell>
              ) : null}
              <TableCell>
                {/* A call without a result yet links from its status: one link per row to the call. */}
                {c.status === "ended" ? (
                  c.result ? (
                    <span className="text-muted-foreground">{CALL_STATUS_LABELS[c.status]}</span>
                  ) : (
                    <Link href={`/calls/${c.id}`} className="text-muted-foreground hover:underline">
                      {CALL_STATUS_LABELS[c.status]}
                    </Link>
                  )
                ) : (
                  <Badge variant="outline" asChild={!c.result}>
                    {c.result ? (
                      <StatusDot label={CALL_STATUS_LABELS[c.status]} />
                    ) : (
                      <Link href={`/calls/${c.id}`} title="Call details">
                        <StatusDot label={CALL_STATUS_LABELS[c.status]} />
                      </Link>
                    )}
                  </Badge>
                )}
              </TableCell>
              <TableCell>
                {c.result ? (
                  <Badge asChild variant={CALL_RESULT_VARIANT[c.result]}>
                    <Link href={`/calls/${c.id}`} title={c.error ?? "Call details"}>
                      {CALL_RESULT_LABELS[c.result]}
                    </Link>
                  </Badge>
                ) : (
                  <span className="text-muted-foreground">—</span>
                )}
              </TableCell>
              <TableCell className={c.outcome && c.result === "answered" ? "" : "text-muted-foreground"}>
                {/* Only a conversation has an outcome; an unanswered call's "unknown" says nothing. */}
                {c.outcome && c.result === "answered" ? CALL_OUTCOME_LABELS[c.outcome] : "—"}
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatDuration(c.durationSeconds)}</TableCell>
              <TableCell>
                {c.provider === "simulator" ? (
                  <Badge variant="secondary">{PROVIDER_LABELS.simulator}</Badge>
                ) : (
                  PROVIDER_LABELS[c.provider]
                )}
              </TableCell>
              <TableCell className="max-w-44 pr-4 tabular-nums">
                <LocalTime
                  value={started}
                  format="day-time"
                  className="text-muted-foreground block whitespace-nowrap"
                />
                {/* Calling hours are the lead's: their wall clock says whether a call came at a decent hour. */}
                <LeadTime
                  value={started}
                  timeZone={c.leadTimezone}
                  className="text-muted-foreground/80 block text-xs whitespace-normal"
                />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function StatusDot({ label }: { label: string }) {
  return (
    <>
      <span className="bg-success size-1.5 animate-pulse rounded-full" />
      {label}
    </>
  );
}
