import { Info, Mail } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app/page-header";
import { Pager } from "@/components/app/pager";
import { EmptyState } from "@/components/empty-state";
import { EmailsTable } from "@/components/outbox/emails-table";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { integrations } from "@/env";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { emailListQuerySchema, listEmails } from "@/lib/services/email/list-emails";
import type { Actor } from "@/lib/services/organizations/roles";
import { OutboxFilters } from "./_components/outbox-filters";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const one = (k: string) => (typeof sp[k] === "string" ? sp[k] : undefined);
  const query = emailListQuerySchema.parse({
    page: one("page"),
    status: one("status"),
    kind: one("kind"),
    q: one("q"),
  });
  const { user, org } = await requireOrgContext();
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  const list = await withUser(user, (tx) => listEmails({ tx, actor, query }));
  const outboxOnly = integrations().find((i) => i.name === "email")?.simulated ?? false;
  const filtered = Boolean(query.status || query.kind || query.q);
  const href = (page: number) => {
    const p = new URLSearchParams();
    if (query.q) p.set("q", query.q);
    if (query.status) p.set("status", query.status);
    if (query.kind) p.set("kind", query.kind);
    if (page > 1) p.set("page", String(page));
    const q = p.toString();
    return q ? `/outbox?${q}` : "/outbox";
  };
  return (
    <>
      <PageHeader title="Outbox" description="Every follow-up email sent, or that would have been sent." />
      {outboxOnly ? (
        <Alert className="mb-4" data-testid="outbox-mode-banner">
          <Info />
          <AlertTitle>Emails are stored here, never sent</AlertTitle>
          <AlertDescription>
            No Resend key is set, so every follow-up your calls earn is written to this outbox with its
            rendered message instead of going to the lead. Set RESEND_API_KEY to send them.
          </AlertDescription>
        </Alert>
      ) : null}
      {list.total === 0 && !filtered ? (
        <EmptyState
          icon={<Mail />}
          title="Nothing in the outbox"
          description="Follow-up emails (confirmations, missed-call notes, goodbyes) will be listed here with their status once your calls end. Start a campaign to place calls."
          action={
            <Button asChild size="sm">
              <Link href="/campaigns">Go to campaigns</Link>
            </Button>
          }
        />
      ) : (
        <div className="grid min-w-0 gap-4">
          <OutboxFilters />
          {/* min-w-0: a wide table scrolls inside its card instead of stretching the page. */}
          <Card className="min-w-0 gap-0 py-0">
            {list.total === 0 ? (
              <p className="text-muted-foreground p-8 text-center text-sm">No emails match these filters.</p>
            ) : (
              <>
                <EmailsTable rows={list.rows} />
                <Pager
                  page={list.page}
                  pageSize={list.pageSize}
                  total={list.total}
                  capped={list.capped}
                  rows={list.rows.length}
                  href={href}
                />
              </>
            )}
          </Card>
        </div>
      )}
    </>
  );
}
