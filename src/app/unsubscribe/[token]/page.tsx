import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDbHandle } from "@/lib/db";
import { findUnsubscribe } from "@/lib/services/email/unsubscribe";
import { Unsubscribed, UnsubscribeForm } from "./unsubscribe-form";
import { UnsubscribeShell } from "./unsubscribe-shell";

export const dynamic = "force-dynamic";

// The token in the address is a capability: keep it out of search engines and Referer headers.
export const metadata: Metadata = {
  title: { absolute: "Unsubscribe" },
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

/**
 * The unsubscribe link of every follow-up email: public (no sign-in), shows whose emails these
 * are and asks for one click, so a link scanner that merely opens the page unsubscribes no one.
 */
export default async function UnsubscribePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { db } = await getDbHandle();
  const found = await findUnsubscribe(db, token);
  if (!found) notFound();
  return (
    <UnsubscribeShell>
      {found.unsubscribed ? (
        <Unsubscribed orgName={found.orgName} maskedAddress={found.maskedAddress} />
      ) : (
        <div className="flex flex-col gap-6">
          <div className="flex flex-col gap-2 text-center">
            <p className="text-muted-foreground text-xs font-medium tracking-wide uppercase">
              {found.orgName}
            </p>
            <h1 className="text-xl font-semibold text-balance">Stop emails from {found.orgName}?</h1>
            <p className="text-muted-foreground text-sm text-balance">
              You got this link in an email from {found.orgName}. Confirm below and{" "}
              <span className="font-mono">{found.maskedAddress}</span> will not be emailed by them again.
            </p>
          </div>
          <UnsubscribeForm token={token} orgName={found.orgName} maskedAddress={found.maskedAddress} />
        </div>
      )}
    </UnsubscribeShell>
  );
}
