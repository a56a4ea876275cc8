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
        <UnsubscribeForm token={token} orgName={found.orgName} maskedAddress={found.maskedAddress} />
      )}
    </UnsubscribeShell>
  );
}
