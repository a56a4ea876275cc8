import { ArrowLeft, PhoneCall, Trash2 } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { PageHeader } from "@/components/app/page-header";
import { LeadAppointmentsCard } from "@/components/appointments/lead-appointments-card";
import { CallsTable } from "@/components/campaigns/calls-table";
import { CallNowButton } from "@/components/leads/call-now-button";
import { ConsentLabel } from "@/components/leads/consent-label";
import { formatPhone } from "@/components/leads/format-phone";
import {
  leadName,
  likelyZoneNote,
  TIMEZONE_SOURCE_HINTS,
  timezoneSourceTag,
  zoneLabel,
} from "@/components/leads/lead-labels";
import { LeadStatusBadge } from "@/components/leads/lead-status-badge";
import { LeadTime, LocalTime } from "@/components/local-time";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { findLeadsOfSamePerson } from "@/lib/db/queries/lead-erasure";
import { listCampaignOptions } from "@/lib/db/queries/leads";
import { withUser } from "@/lib/db/with-user";
import { isAppError } from "@/lib/errors";
import { requireOrgContext } from "@/lib/next/request-auth";
import type { LeadFormValues } from "@/lib/schemas/lead";
import { listLeadAppointments } from "@/lib/services/appointments/list-appointments";
import { listCalls } from "@/lib/services/calls/list-calls";
import { getLeadDetails } from "@/lib/services/leads/get-lead-details";
import { type Actor, hasRole } from "@/lib/services/organizations/roles";
import { LeadForm } from "./_components/lead-form";
import { LeadTimeline, type TimelineEntry } from "./_components/lead-timeline";
import { ErasePersonButton, RestoreLeadButton } from "./_components/lead-trash-actions";
import { ZoneClock } from "./_components/zone-clock";

export const metadata: Metadata = { title: "Lead" };

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[6.5rem_minmax(0,1fr)] items-baseline gap-2 py-2 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 [overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

const Never = () => <span className="text-muted-foreground">Never</span>;

export default async function LeadPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const loaded = await withUser(user, async (tx) => ({
    details: await getLeadDetails({ tx, actor, leadId: id }).catch((error: unknown) => {
      if (isAppError(error) && error.code === "not_found") return null;
      throw error;
    }),
    campaigns: await listCampaignOptions(tx, { orgId: org.orgId }),
    calls: await listCalls({ tx, actor, query: { page: 1, pageSize: 20, leadId: id } }),
    appointments: await listLeadAppointments({ tx, actor, leadId: id }),
    // Owners and admins may erase the person: every lead with this number goes with this one.
    samePerson: hasRole(org.role, "admin")
      ? await findLeadsOfSamePerson(tx, { orgId: org.orgId, leadIds: [id] })
      : [],
  }));
  if (!loaded.details) notFound();
  const { lead, campaignName, source, events, trash } = loaded.details;
  const canAdminister = hasRole(org.role, "admin");
  const campaignNames = Object.fromEntries(loaded.campaigns.map((c) => [c.id, c.name]));

  const phone = formatPhone(lead.phone);
  const name = leadName(lead);
  const zoneNote = likelyZoneNote(lead.timezone, lead.timezoneCandidates);
  const defaults: LeadFormValues = {
    firstName: lead.firstName ?? "",
    lastName: lead.lastName ?? "",
    company: lead.company ?? "",
    email: lead.email ?? "",
    timezone: lead.timezone,
    consent: lead.consent === true ? "given" : lead.consent === false ? "refused" : "unknown",
    consentSource: lead.consentSource ?? "",
    consentDate: lead.consentAt ? lead.consentAt.toISOString().slice(0, 10) : "",
    customFields: Object.entries(lead.customFields).map(([key, value]) => ({ key, value })),
  };
  const timeZones = Intl.supportedValuesOf("timeZone");
  const timeline: TimelineEntry[] = [
    ...events.map((e) => ({
      id: String(e.id),
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      data: e.data,
      at: e.createdAt.toISOString(),
      actor: e.actorName ?? e.actorEmail,
    })),
    {
      id: "created",
      type: "created",
      fromStatus: null,
      toStatus: null,
      data: source ? { fileName: source.fileName } : {},
      at: lead.createdAt.toISOString(),
      actor: null,
    },
  ];

  return (
    <>
      <Link
        href="/leads"
        className="text-muted-foreground hover:text-foreground focus-visible:ring-ring/50 mb-3 inline-flex items-center gap-1 rounded-sm text-sm outline-none focus-visible:ring-[3px]"
      >
        <ArrowLeft className="size-4" /> All leads
      </Link>
      <PageHeader
        title={name ?? phone}
        description={[name ? phone : null, lead.company, campaignName].filter(Boolean).join(" · ")}
        actions={
          <>
            <LeadStatusBadge
              status={lead.status}
              attempts={lead.attempts}
              nextAttemptAt={lead.nextAttemptAt}
            />
            {trash ? null : (
              <CallNowButton leadId={lead.id} live={lead.status === "queued" || lead.status === "calling"} />
            )}
          </>
        }
      />
      {trash ? (
        <Alert className="mb-6" data-testid="lead-in-trash">
          <Trash2 />
          <AlertTitle>In the trash</AlertTitle>
          <AlertDescription>
            <p>
              Deleted <LocalTime value={trash.deletedAt} format="date" />
              {trash.deletedBy ? ` by ${trash.deletedBy}` : ""}. It is in no list and never called, and it is
              erased with its calls, meetings and emails on <LocalTime value={trash.purgeAt} format="date" />{" "}
              unless restored.
            </p>
            <div className="mt-2 flex flex-wrap gap-2">
              <RestoreLeadButton leadId={lead.id} />
              <ErasePersonButton
                leadId={lead.id}
                display={name ?? phone}
                otherLeads={Math.max(0, loaded.samePerson.length - 1)}
              />
            </div>
          </AlertDescription>
        </Alert>
      ) : null}
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="grid min-w-0 gap-6">
          {trash ? null : (
            <LeadForm
              leadId={lead.id}
              defaults={defaults}
              timeZones={timeZones.includes(lead.timezone) ? timeZones : [lead.timezone, ...timeZones]}
            />
          )}
          <Card>
            <CardHeader>
              <CardTitle>History</CardTitle>
              <CardDescription>Status, consent and campaign changes, newest first.</CardDescription>
            </CardHeader>
            <CardContent>
              <LeadTimeline entries={timeline} campaignNames={campaignNames} />
            </CardContent>
          </Card>
          <Card className="min-w-0">
            <CardHeader>
              <CardTitle>Calls</CardTitle>
            </CardHeader>
            {loaded.calls.rows.length > 0 ? (
              <div className="min-w-0 border-t">
                <CallsTable rows={loaded.calls.rows} showCampaign={false} />
              </div>
            ) : (
              <CardContent>
                <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed px-6 py-8 text-center">
                  <div className="bg-muted text-muted-foreground flex size-10 items-center justify-center rounded-lg">
                    <PhoneCall className="size-5" aria-hidden="true" />
                  </div>
                  <p className="font-medium">No calls yet</p>
                  <p className="text-muted-foreground max-w-sm text-sm">
                    Calls appear here once the dialer places them, with their outcome, recording and
                    transcript.
                  </p>
                </div>
              </CardContent>
            )}
          </Card>
          <LeadAppointmentsCard rows={loaded.appointments} />
        </div>

        <div className="grid gap-6">
          <Card className="gap-3">
            <CardHeader>
              <CardTitle>Dialing</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="divide-y">
                <Fact label="Phone">
                  <span className="tabular-nums">{phone}</span>
                  {lead.phoneExtension ? (
                    <span className="text-muted-foreground"> ext. {lead.phoneExtension}</span>
                  ) : null}
                </Fact>
                <Fact label="Status">
                  <LeadStatusBadge
                    status={lead.status}
                    attempts={lead.attempts}
                    nextAttemptAt={lead.nextAttemptAt}
                    timezone={lead.timezone}
                  />
                </Fact>
                <Fact label="Campaign">
                  <Link className="hover:underline" href={`/leads?campaign=${lead.campaignId}`}>
                    {campaignName}
                  </Link>
                </Fact>
                <Fact label="Attempts">
                  <span className="tabular-nums">{lead.attempts}</span>
                </Fact>
                <Fact label="Next attempt">
                  {lead.nextAttemptAt ? (
                    <>
                      <LocalTime value={lead.nextAttemptAt} relative />
                      <LeadTime
                        value={lead.nextAttemptAt}
                        timeZone={lead.timezone}
                        format="weekday-time"
                        className="text-muted-foreground block text-xs"
                      />
                    </>
                  ) : (
                    <span className="text-muted-foreground">Not scheduled</span>
                  )}
                </Fact>
                <Fact label="Last called">
                  {lead.lastCalledAt ? (
                    <>
                      <LocalTime value={lead.lastCalledAt} relative />
                      <LeadTime
                        value={lead.lastCalledAt}
                        timeZone={lead.timezone}
                        format="weekday-time"
                        className="text-muted-foreground block text-xs"
                      />
                    </>
                  ) : (
                    <Never />
                  )}
                </Fact>
              </dl>
            </CardContent>
          </Card>
          <Card className="gap-3">
            <CardHeader>
              <CardTitle>Time zone</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="divide-y">
                <Fact label="Zone">{zoneLabel(lead.timezone)}</Fact>
                <Fact label="Local time">
                  <ZoneClock timezone={lead.timezone} />
                </Fact>
                <Fact label="Source">
                  <span>{timezoneSourceTag(lead.timezoneSource, lead.timezoneCandidates)}</span>
                  <span className="text-muted-foreground block text-xs">
                    {TIMEZONE_SOURCE_HINTS[lead.timezoneSource]}
                  </span>
                </Fact>
                {zoneNote ? (
                  <Fact label="Could be">
                    {zoneNote}.
                    <span className="text-muted-foreground block text-xs">
                      The dialer calls only when it is inside calling hours in every one of these zones.
                    </span>
                  </Fact>
                ) : null}
              </dl>
            </CardContent>
          </Card>
          <Card className="gap-3">
            <CardHeader>
              <CardTitle>Consent</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="divide-y">
                <Fact label="Given">
                  <ConsentLabel consent={lead.consent} source={null} at={null} />
                </Fact>
                <Fact label="Source">
                  {lead.consentSource ?? <span className="text-muted-foreground">Not recorded</span>}
                </Fact>
                <Fact label="When">
                  {lead.consentAt ? (
                    <LocalTime value={lead.consentAt} format="date" />
                  ) : (
                    <span className="text-muted-foreground">Not recorded</span>
                  )}
                </Fact>
              </dl>
            </CardContent>
          </Card>
          <Card className="gap-3">
            <CardHeader>
              <CardTitle>Origin</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="divide-y">
                <Fact label="Added">
                  <LocalTime value={lead.createdAt} />
                </Fact>
                <Fact label="From">
                  {source ? (
                    <>
                      <span>{source.fileName}</span>
                      <span className="text-muted-foreground block text-xs">
                        Imported <LocalTime value={source.importedAt} />
                      </span>
                    </>
                  ) : (
                    <span className="text-muted-foreground">Added through the API or by hand</span>
                  )}
                </Fact>
                <Fact label="Updated">
                  <LocalTime value={lead.updatedAt} />
                </Fact>
              </dl>
            </CardContent>
          </Card>
          {canAdminister && !trash ? (
            <Card className="gap-3" data-testid="privacy-card">
              <CardHeader>
                <CardTitle>Privacy</CardTitle>
                <CardDescription>
                  When this person asks you to erase their data, erase it here: the lead, its calls, meetings,
                  emails and history, at once and for good.
                </CardDescription>
              </CardHeader>
              <CardContent>
                <ErasePersonButton
                  leadId={lead.id}
                  display={name ?? phone}
                  otherLeads={Math.max(0, loaded.samePerson.length - 1)}
                />
              </CardContent>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
