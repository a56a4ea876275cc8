import {
  AlertTriangle,
  ArrowLeft,
  CalendarCheck,
  CalendarClock,
  FlaskConical,
  PhoneForwarded,
} from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CallAnalysis } from "@/components/calls/call-analysis";
import { analysisGroups, formatCost, recordingState, SUMMARY_KEYS } from "@/components/calls/call-format";
import { CallRecording } from "@/components/calls/call-recording";
import { CallTranscript } from "@/components/calls/call-transcript";
import {
  CALL_OUTCOME_LABELS,
  CALL_RESULT_LABELS,
  CALL_RESULT_VARIANT,
  CALL_STATUS_LABELS,
  formatDuration,
  PROVIDER_LABELS,
  providerReasonLabel,
} from "@/components/campaigns/call-labels";
import { formatPhone } from "@/components/leads/format-phone";
import { LeadTime, LocalTime } from "@/components/local-time";
import { CallReviewCard } from "@/components/reviews/call-review-card";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { type CallDetail, getCall } from "@/lib/services/calls/get-call";
import type { Actor } from "@/lib/services/organizations/roles";
import { CallTimeline } from "./_components/call-timeline";
import { RefreshWhileLive } from "./_components/refresh-while-live";

export const metadata: Metadata = { title: "Call" };

const APPOINTMENT_STATUS_LABELS: Record<CallDetail["appointments"][number]["status"], string> = {
  booked: "Booked",
  pending: "Pending",
  cancelled: "Cancelled",
  rescheduled: "Rescheduled",
  completed: "Completed",
  no_show: "No-show",
};

// The analysis, summary and recording follow the hang-up; keep refreshing this long after it.
const SETTLE_MS = 2 * 60_000;

export default async function CallPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const detail = await withUser(user, (tx) => getCall({ tx, actor, callId: id }));
  if (!detail) notFound();
  const { call, lead, campaign } = detail;
  const now = new Date();
  const leadName = [lead.firstName, lead.lastName].filter(Boolean).join(" ") || formatPhone(call.toNumber);
  const simulated = call.provider === "simulator";
  const open = call.status !== "ended";
  const settling = !open && call.endedAt !== null && now.getTime() - call.endedAt.getTime() < SETTLE_MS;
  const groups = analysisGroups(call.analysis, SUMMARY_KEYS);
  const recording = recordingState({
    provider: call.provider,
    recordingUrl: call.recordingUrl,
    endedAt: call.endedAt,
    now,
  });
  const showOutcome = call.outcome !== null && call.result === "answered";
  return (
    <>
      <RefreshWhileLive active={open || (settling && (!call.summary || !call.recordingUrl))} />
      <Link
        href="/calls"
        className="text-muted-foreground hover:text-foreground mb-3 inline-flex items-center gap-1 text-sm"
      >
        <ArrowLeft className="size-4" /> Calls
      </Link>
      <div className="mb-6 grid gap-1.5">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold tracking-tight">
            Call with{" "}
            <Link
              href={`/leads/${lead.id}`}
              className="decoration-muted-foreground/40 underline underline-offset-4 hover:decoration-current"
            >
              {leadName}
            </Link>
          </h1>
          {open ? (
            <Badge variant="outline">
              <span className="bg-success size-1.5 animate-pulse rounded-full" aria-hidden="true" />
              {CALL_STATUS_LABELS[call.status]}
            </Badge>
          ) : null}
          {call.result ? (
            <Badge variant={CALL_RESULT_VARIANT[call.result]}>{CALL_RESULT_LABELS[call.result]}</Badge>
          ) : null}
          {showOutcome && call.outcome ? (
            <Badge variant="outline">{CALL_OUTCOME_LABELS[call.outcome]}</Badge>
          ) : null}
          {simulated ? (
            <Badge variant="secondary" title="The simulator places no real calls.">
              <FlaskConical /> {PROVIDER_LABELS.simulator}
            </Badge>
          ) : null}
        </div>
        <p className="text-muted-foreground flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <span className="tabular-nums">{formatPhone(call.toNumber)}</span>
          {lead.company ? <Dot>{lead.company}</Dot> : null}
          <Dot>
            <Link
              href={`/campaigns/${campaign.id}`}
              className="hover:text-foreground underline-offset-4 hover:underline"
            >
              {campaign.name}
            </Link>
          </Dot>
          <Dot>Attempt {call.leadAttempt ?? call.attemptNo}</Dot>
          <Dot>
            {simulated ? "Simulator" : PROVIDER_LABELS[call.provider]}
            {call.agentId ? (
              <>
                {" "}
                agent <code className="bg-muted rounded px-1 py-0.5 font-mono text-xs">{call.agentId}</code>
              </>
            ) : null}
          </Dot>
        </p>
      </div>
      {call.error ? (
        <Alert variant="destructive" className="mb-4">
          <AlertTriangle />
          <AlertTitle>The call failed</AlertTitle>
          <AlertDescription>{call.error}</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="grid min-w-0 gap-4">
          <Card>
            <CardHeader>
              <CardTitle>Summary</CardTitle>
              <CardDescription>What the provider's post-call analysis found.</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-5">
              {call.summary ? (
                <p className="text-sm leading-relaxed">{call.summary}</p>
              ) : (
                <p className="text-muted-foreground text-sm">
                  {open
                    ? "The summary arrives after the call ends."
                    : call.result === "answered"
                      ? "No summary yet: the provider analyses the call shortly after it ends."
                      : "No summary: there was no conversation to summarize."}
                </p>
              )}
              {groups.length > 0 ? (
                <div className="border-t pt-4">
                  <CallAnalysis groups={groups} />
                </div>
              ) : null}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Recording</CardTitle>
            </CardHeader>
            <CardContent>
              <CallRecording url={call.recordingUrl} state={recording} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Transcript</CardTitle>
              <CardDescription>
                {call.transcriptTurns?.length
                  ? `${call.transcriptTurns.length} turns`
                  : "The conversation as the provider heard it."}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <CallTranscript turns={call.transcriptTurns} text={call.transcript} leadName={leadName} />
            </CardContent>
          </Card>
        </div>
        <div className="grid min-w-0 gap-4">
          <Card>
            <CardHeader>
              <CardTitle>Timeline</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-5">
              <CallTimeline
                queuedAt={call.queuedAt}
                dispatchedAt={call.dispatchedAt}
                startedAt={call.startedAt}
                endedAt={call.endedAt}
                leadTimezone={lead.timezone}
                open={open}
              />
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 border-t pt-4 text-sm">
                <dt className="text-muted-foreground">Duration</dt>
                <dd className="text-right tabular-nums">{formatDuration(call.durationSeconds)}</dd>
                <dt className="text-muted-foreground">Cost</dt>
                <dd className="text-right tabular-nums">
                  {formatCost(call.costCents)}
                  {simulated && call.costCents !== null ? (
                    <span className="text-muted-foreground"> (simulated)</span>
                  ) : null}
                </dd>
                <dt className="text-muted-foreground">Result</dt>
                <dd className="grid justify-items-end gap-1 text-right">
                  {call.result ? CALL_RESULT_LABELS[call.result] : "—"}
                  {call.providerReason ? (
                    <Tooltip>
                      <TooltipTrigger asChild>
                        <span
                          className="text-muted-foreground cursor-help text-xs underline decoration-dotted underline-offset-4"
                          data-testid="provider-reason"
                        >
                          {providerReasonLabel(call.providerReason)}
                        </span>
                      </TooltipTrigger>
                      <TooltipContent>
                        The provider's end reason: <code className="font-mono">{call.providerReason}</code>
                      </TooltipContent>
                    </Tooltip>
                  ) : null}
                </dd>
                {call.providerCallId ? (
                  <>
                    <dt className="text-muted-foreground">Provider call id</dt>
                    <dd className="min-w-0 truncate text-right font-mono text-xs" title={call.providerCallId}>
                      {call.providerCallId}
                    </dd>
                  </>
                ) : null}
              </dl>
            </CardContent>
          </Card>
          <FollowUp detail={detail} />
          <CallReviewCard callId={call.id} ended={!open} />
        </div>
      </div>
    </>
  );
}

function Dot({ children }: { children: React.ReactNode }) {
  return (
    <>
      <span aria-hidden="true">·</span>
      <span>{children}</span>
    </>
  );
}

/** The callback the lead asked for and the meetings booked on this call. */
function FollowUp({ detail }: { detail: CallDetail }) {
  const { call, lead, appointments } = detail;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Follow-up</CardTitle>
        <CardDescription>Meetings booked and callbacks asked for on this call.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 text-sm">
        {call.callbackAt ? (
          <div className="flex gap-3">
            <PhoneForwarded className="text-muted-foreground mt-0.5 size-4 shrink-0" aria-hidden="true" />
            <div className="grid gap-0.5">
              <span className="font-medium">Call back</span>
              <LocalTime value={call.callbackAt} format="datetime" relative className="tabular-nums" />
              <LeadTime
                value={call.callbackAt}
                timeZone={lead.timezone}
                format="datetime"
                className="text-muted-foreground text-xs"
              />
            </div>
          </div>
        ) : null}
        {appointments.map((a) => (
          <div key={a.id} className="flex gap-3">
            <CalendarCheck className="text-muted-foreground mt-0.5 size-4 shrink-0" aria-hidden="true" />
            <div className="grid min-w-0 gap-1">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{a.title}</span>
                <Badge variant={a.status === "booked" || a.status === "completed" ? "success" : "secondary"}>
                  {APPOINTMENT_STATUS_LABELS[a.status]}
                </Badge>
              </div>
              <LocalTime value={a.startAt} format="datetime" className="tabular-nums" />
              <LeadTime
                value={a.startAt}
                timeZone={a.timezone}
                format="datetime"
                className="text-muted-foreground text-xs"
              />
              <span className="text-muted-foreground text-xs">
                {a.source === "calcom" ? "Cal.com" : "Built-in calendar"}
                {a.calcomBookingUid ? (
                  <>
                    {" "}
                    · uid <code className="font-mono break-all">{a.calcomBookingUid}</code>
                  </>
                ) : null}
              </span>
            </div>
          </div>
        ))}
        {!call.callbackAt && appointments.length === 0 ? (
          <p className="text-muted-foreground flex gap-3">
            <CalendarClock className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            No meeting was booked and no callback asked for on this call.
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
