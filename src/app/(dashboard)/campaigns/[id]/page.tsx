import { AlertTriangle, ArrowLeft, FlaskConical, Upload } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { LiveRefresh } from "@/components/app/live-refresh";
import { CallsTable } from "@/components/campaigns/calls-table";
import { CampaignStatusBadge } from "@/components/campaigns/campaign-status-badge";
import { LocalTime } from "@/components/local-time";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { withUser } from "@/lib/db/with-user";
import { readRetryPolicy } from "@/lib/dialer/campaign-settings";
import type { TemplateKind } from "@/lib/email/types";
import { requireOrgContext } from "@/lib/next/request-auth";
import type { CampaignSettingsInput } from "@/lib/schemas/campaign";
import { formatCount } from "@/lib/schemas/list";
import { allowedActions } from "@/lib/services/campaigns/change-campaign-status";
import { getCampaignPage } from "@/lib/services/campaigns/get-campaign-page";
import type { PreviewBucket } from "@/lib/services/campaigns/preview-campaign";
import { availableVoiceProviders } from "@/lib/services/campaigns/update-campaign-settings";
import { getChangeMarker } from "@/lib/services/live/get-change-marker";
import type { Actor } from "@/lib/services/organizations/roles";
import { CampaignControls } from "./_components/campaign-controls";
import { CampaignProgress } from "./_components/campaign-progress";
import { CampaignSettingsForm } from "./_components/campaign-settings-form";
import { CampaignTabs } from "./_components/campaign-tabs";

export const metadata: Metadata = { title: "Campaign" };

const SKIPPED: { bucket: PreviewBucket; label: string }[] = [
  { bucket: "in_call", label: "In a call now" },
  { bucket: "waiting", label: "Retry or callback on a later day" },
  { bucket: "outside_hours", label: "Outside hours or calling days" },
  { bucket: "no_consent", label: "No recorded consent" },
  { bucket: "attempts_used", label: "Attempts used up" },
  { bucket: "do_not_call", label: "Do not call" },
  { bucket: "invalid_number", label: "Invalid number" },
  { bucket: "done", label: "Already done" },
];

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const now = new Date();
  // One snapshot: every figure on the page is of the same instant (docs/decisions/0013).
  const data = await withUser(
    user,
    async (tx) => {
      // The marker first: a change committed after it is seen by the first poll.
      const marker = await getChangeMarker({ tx, orgId: org.orgId, query: { campaignId: id }, now });
      const page = await getCampaignPage({ tx, actor, campaignId: id, now });
      if (!page) return null;
      return { ...page, marker, providers: await availableVoiceProviders({ tx, orgId: org.orgId }) };
    },
    undefined,
    { snapshot: true },
  );
  if (!data) notFound();
  const { campaign: c, preview, progress, calls, providers, marker } = data;
  const settings: CampaignSettingsInput = {
    name: c.name,
    voiceProvider: c.voiceProvider,
    agentId: c.agentId ?? "",
    callerId: c.callerId ?? "",
    callingWindow: { days: c.callingDays, startMinute: c.callingStartMinute, endMinute: c.callingEndMinute },
    retryPolicy: readRetryPolicy(c.retryPolicy),
    maxAttempts: c.maxAttempts,
    maxAttemptsPerDay: c.maxAttemptsPerDay,
    maxConcurrentCalls: c.maxConcurrentCalls,
    dailyCallCap: c.dailyCallCap,
    spendCapDollars: c.spendCapCents === null ? null : c.spendCapCents / 100,
    requireConsent: c.requireConsent,
    breakerFailurePercent: c.breakerFailurePercent,
    breakerWindow: c.breakerWindow,
    disabledEmailKinds: c.disabledEmailKinds as TemplateKind[],
  };
  const skipped = SKIPPED.filter((s) => preview.counts[s.bucket] > 0);
  return (
    <>
      <Link
        href="/campaigns"
        className="text-muted-foreground hover:text-foreground mb-3 inline-flex items-center gap-1 text-sm"
      >
        <ArrowLeft className="size-4" /> Campaigns
      </Link>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
        <div className="grid gap-1.5">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold tracking-tight">{c.name}</h1>
            <CampaignStatusBadge status={c.status} />
            {c.voiceProvider === "simulator" ? (
              <Badge variant="secondary" title="The simulator places no real calls.">
                <FlaskConical /> Simulated calls
              </Badge>
            ) : null}
          </div>
          <p className="text-muted-foreground text-sm">
            {progress.totalLeads.toLocaleString()} leads · calls only inside each lead's local calling hours
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button asChild size="sm" variant="outline">
            <Link href={`/leads/import?campaign=${c.id}`}>
              <Upload /> Import leads
            </Link>
          </Button>
          <CampaignControls campaignId={c.id} actions={allowedActions(c.status)} />
        </div>
      </div>
      <CampaignTabs campaignId={c.id} active="overview" />
      {c.pausedReason ? (
        <Alert variant="destructive" className="mb-4">
          <AlertTriangle />
          <AlertTitle>Paused by the dialer</AlertTitle>
          <AlertDescription>{c.pausedReason}. Fix the cause, then resume.</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <LiveRefresh marker={marker} campaignId={id} everyMs={3000} maxAgeMs={60_000} />
        <CampaignProgress progress={progress} />
        <Card>
          <CardHeader>
            <CardTitle>Right now</CardTitle>
            <CardDescription>
              Who a tick would call at <LocalTime value={now} format="time" />.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <div className="grid grid-cols-2 gap-3">
              <div className="bg-success/10 rounded-lg p-3">
                <div className="text-success text-2xl font-semibold tabular-nums">
                  {preview.counts.callable_now}
                </div>
                <div className="text-muted-foreground text-xs">Callable now</div>
              </div>
              <div className="bg-muted rounded-lg p-3">
                <div className="text-2xl font-semibold tabular-nums">{preview.counts.later_today}</div>
                <div className="text-muted-foreground text-xs">Later today (their time)</div>
              </div>
            </div>
            {skipped.length > 0 ? (
              <ul className="grid gap-1.5 text-sm">
                {skipped.map((s) => (
                  <li key={s.bucket} className="flex justify-between gap-2">
                    <span className="text-muted-foreground">{s.label}</span>
                    <span className="tabular-nums">{preview.counts[s.bucket].toLocaleString()}</span>
                  </li>
                ))}
              </ul>
            ) : null}
            <p className="text-muted-foreground text-xs">
              {preview.nextCallableAt ? (
                <>
                  Next lead opens <LocalTime value={preview.nextCallableAt} format="weekday-time" relative />.
                </>
              ) : preview.total === 0 ? (
                "No leads yet: import a CSV to fill the campaign."
              ) : (
                "No waiting lead becomes callable in the next week."
              )}
            </p>
          </CardContent>
        </Card>
      </div>
      <div className="mt-4 grid gap-4">
        <CampaignSettingsForm
          campaignId={c.id}
          initial={settings}
          providers={providers}
          readOnly={c.status === "archived"}
        />
        <Card className="gap-0 pb-0">
          <CardHeader className="pb-4">
            <CardTitle>Recent calls</CardTitle>
            <CardDescription>
              <Link href={`/calls?campaign=${c.id}`} className="hover:underline">
                All {formatCount(calls.total, calls.capped)} calls of this campaign →
              </Link>
            </CardDescription>
          </CardHeader>
          {calls.rows.length === 0 ? (
            <p className="text-muted-foreground border-t p-6 text-center text-sm">
              No calls yet. {c.status === "draft" ? "Start the campaign to place the first ones." : ""}
            </p>
          ) : (
            <div className="border-t">
              <CallsTable rows={calls.rows} showCampaign={false} />
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
