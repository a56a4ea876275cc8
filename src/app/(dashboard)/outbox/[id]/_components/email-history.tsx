import { LocalTime } from "@/components/local-time";
import type { EmailDetail } from "@/lib/services/email/get-email";

type Step = { key: string; label: string; at: Date | null; tone: "done" | "bad" | "muted" };

/**
 * What happened to the email, from the timestamps the row keeps: written, handed over (or kept in
 * the outbox), delivered, and where it ended when it did not go well.
 */
export function emailHistory(email: EmailDetail["email"]): Step[] {
  const steps: Step[] = [{ key: "created", label: "Written", at: email.createdAt, tone: "done" }];
  const handedOver = email.sentAt ?? email.updatedAt;
  switch (email.status) {
    case "queued":
      steps.push({ key: "queued", label: "Waiting to be sent", at: null, tone: "muted" });
      break;
    case "outboxed":
      steps.push({ key: "outboxed", label: "Kept in the outbox (not sent)", at: handedOver, tone: "done" });
      break;
    case "skipped":
      steps.push({ key: "skipped", label: "Skipped", at: email.updatedAt, tone: "bad" });
      break;
    case "failed":
      steps.push({ key: "failed", label: "Failed", at: email.updatedAt, tone: "bad" });
      break;
    default: {
      steps.push({ key: "sent", label: "Accepted by Resend", at: email.sentAt, tone: "done" });
      if (email.deliveredAt || email.status === "delivered") {
        steps.push({
          key: "delivered",
          label: "Delivered",
          at: email.deliveredAt ?? email.updatedAt,
          tone: "done",
        });
      }
      if (email.status === "bounced")
        steps.push({ key: "bounced", label: "Bounced", at: email.updatedAt, tone: "bad" });
      if (email.status === "complained") {
        steps.push({ key: "complained", label: "Marked as spam", at: email.updatedAt, tone: "bad" });
      }
    }
  }
  return steps;
}

export function EmailHistory({ email }: { email: EmailDetail["email"] }) {
  return (
    <ol className="grid gap-3" data-testid="email-history">
      {emailHistory(email).map((s) => (
        <li key={s.key} className="flex items-start gap-3">
          <span
            aria-hidden="true"
            className={`mt-1.5 size-2 shrink-0 rounded-full ${
              s.tone === "bad"
                ? "bg-destructive"
                : s.tone === "done"
                  ? "bg-success"
                  : "bg-muted-foreground/40"
            }`}
          />
          <div className="grid gap-0.5">
            <span className="text-sm font-medium">{s.label}</span>
            {s.at ? <LocalTime value={s.at} className="text-muted-foreground text-xs tabular-nums" /> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
