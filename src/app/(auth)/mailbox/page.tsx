import { Inbox } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/empty-state";
import { LocalTime } from "@/components/local-time";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { appOrigin, onThisMachineOnly } from "@/env";
import { listAccountEmails } from "@/lib/db/queries/account-emails";
import { withService } from "@/lib/db/with-user";

export const metadata: Metadata = { title: "Local mailbox" };
export const dynamic = "force-dynamic";

/** The links an account email offers (`Label: URL` lines of its text) that lead into this app. */
function appLinks(text: string): { label: string; url: string }[] {
  const origin = appOrigin({ fallback: "localhost" });
  return [...text.matchAll(/^(.+): (https?:\/\/\S+)$/gm)]
    .map(([, label, url]) => ({ label: label ?? "", url: url ?? "" }))
    .filter((l) => l.url.startsWith(`${origin}/`));
}

/**
 * Local mode sends no email: the emails about an account (finish signing up, reset a password,
 * you already have an account) land here, so the person at the laptop can open their links.
 * Only in local mode listening on this machine; anywhere else the page does not exist.
 */
export default async function MailboxPage() {
  if (!onThisMachineOnly()) notFound();
  const emails = await withService((tx) => listAccountEmails(tx, { limit: 50 }));
  return (
    <div className="grid w-full max-w-2xl gap-4">
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold">Local mailbox</h1>
        <p className="text-muted-foreground text-sm">
          Local mode sends no email. The emails about accounts land here instead, newest first. Only this
          machine can open this page.
        </p>
      </div>
      {emails.length === 0 ? (
        <EmptyState
          icon={<Inbox />}
          title="No emails yet"
          description="Sign up or ask for a password reset, and the email it sends shows up here."
        />
      ) : (
        emails.map((email) => (
          <Card key={email.id} data-testid="mailbox-email" className="min-w-0">
            <CardHeader>
              <CardTitle className="text-base break-words">{email.subject}</CardTitle>
              <CardDescription className="break-all">
                To {email.recipient} · <LocalTime value={email.createdAt} relative />
              </CardDescription>
            </CardHeader>
            <CardContent className="grid gap-3">
              <div className="flex flex-wrap gap-2">
                {appLinks(email.text).map((link) => (
                  <Button key={link.url} asChild size="sm">
                    <a href={link.url}>{link.label}</a>
                  </Button>
                ))}
              </div>
              <details className="text-sm">
                <summary className="text-muted-foreground cursor-pointer">The whole message</summary>
                <pre className="bg-muted/40 mt-2 overflow-x-auto rounded-md border p-3 font-mono text-xs whitespace-pre-wrap break-words">
                  {email.text}
                </pre>
              </details>
            </CardContent>
          </Card>
        ))
      )}
    </div>
  );
}
