import { AlertTriangle, ArrowLeft, FlaskConical } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LeadTime, LocalTime } from "@/components/local-time";
import { EMAIL_KIND_LABELS, EMAIL_TRANSPORT_LABELS, emailReasonText } from "@/components/outbox/email-labels";
import { EmailPreview } from "@/components/outbox/email-preview";
import { EmailStatusBadge } from "@/components/outbox/email-status-badge";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { getEmail } from "@/lib/services/email/get-email";
import type { Actor } from "@/lib/services/organizations/roles";
import { EmailHistory } from "./_components/email-history";

export const metadata: Metadata = { title: "Email" };

export default async function EmailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const detail = await withUser(user, (tx) => getEmail({ tx, actor, emailId: id }));
  if (!detail) notFound();
  const { email, lead, campaign, appointment } = detail;
  const leadName = lead ? [lead.firstName, lead.lastName].filter(Boolean).join(" ") || "Lead" : null;
  const reason = emailReasonText(email.status, email.reason);
  const bad = email.status === "failed" || email.status === "bounced" || email.status === "complained";
  return (
    <>
      <Link
        href="/outbox"
        className="text-muted-foreground hover:text-foreground mb-3 inline-flex items-center gap-1 text-sm"
      >
        <ArrowLeft className="size-4" /> Outbox
      </Link>
      <div className="mb-6 grid gap-1.5">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold tracking-tight">{email.subject}</h1>
          <EmailStatusBadge status={email.status} />
          <Badge variant="outline">{EMAIL_KIND_LABELS[email.kind]}</Badge>
          {email.transport === "outbox" ? (
            <Badge variant="secondary" title="No Resend key: stored and shown, never sent.">
              <FlaskConical /> Outbox
            </Badge>
          ) : null}
        </div>
        <p className="text-muted-foreground text-sm">
          {EMAIL_KIND_LABELS[email.kind]} email
          {leadName && lead ? (
            <>
              {" "}
              for{" "}
              <Link
                href={`/leads/${lead.id}`}
                className="hover:text-foreground underline-offset-4 hover:underline"
              >
                {leadName}
              </Link>
            </>
          ) : null}
          {campaign ? (
            <>
              {" · "}
              <Link
                href={`/campaigns/${campaign.id}`}
                className="hover:text-foreground underline-offset-4 hover:underline"
              >
                {campaign.name}
              </Link>
            </>
          ) : null}
        </p>
      </div>
      {reason ? (
        <Alert variant={bad ? "destructive" : "default"} className="mb-4" data-testid="email-reason">
          <AlertTriangle />
          <AlertTitle>{bad ? "This email did not reach the lead" : "This email was not sent"}</AlertTitle>
          <AlertDescription>{reason}</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card className="min-w-0">
          <CardHeader>
            <CardTitle>Message</CardTitle>
          </CardHeader>
          <CardContent>
            <EmailPreview subject={email.subject} html={email.html} text={email.text} />
          </CardContent>
        </Card>
        <div className="grid min-w-0 gap-4">
          <Card>
            <CardHeader>
              <CardTitle>Details</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
                <dt className="text-muted-foreground">From</dt>
                <dd className="break-words">{email.fromAddress}</dd>
                <dt className="text-muted-foreground">To</dt>
                <dd className="break-words">{email.toAddress ?? "No address"}</dd>
                <dt className="text-muted-foreground">Transport</dt>
                <dd>{EMAIL_TRANSPORT_LABELS[email.transport]}</dd>
                {email.providerMessageId ? (
                  <>
                    <dt className="text-muted-foreground">Resend id</dt>
                    <dd>
                      <code className="bg-muted rounded px-1 py-0.5 font-mono text-xs break-all">
                        {email.providerMessageId}
                      </code>
                    </dd>
                  </>
                ) : null}
                {email.callId ? (
                  <>
                    <dt className="text-muted-foreground">Call</dt>
                    <dd>
                      <Link href={`/calls/${email.callId}`} className="underline-offset-4 hover:underline">
                        View call
                      </Link>
                    </dd>
                  </>
                ) : null}
                {appointment ? (
                  <>
                    <dt className="text-muted-foreground">Meeting</dt>
                    <dd className="grid" data-testid="email-meeting">
                      <LocalTime value={appointment.startAt} format="datetime" />
                      <LeadTime
                        value={appointment.startAt}
                        timeZone={appointment.timezone}
                        format="datetime"
                        className="text-muted-foreground text-xs"
                      />
                    </dd>
                  </>
                ) : null}
              </dl>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>History</CardTitle>
            </CardHeader>
            <CardContent>
              <EmailHistory email={email} />
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}
