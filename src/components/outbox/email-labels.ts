import type { EmailKind, EmailStatus } from "@/lib/db/schema";

export const EMAIL_KIND_LABELS: Record<EmailKind, string> = {
  confirmation: "Confirmation",
  missed_call: "Missed call",
  not_interested: "Not interested",
  reminder: "Reminder",
  test: "Test",
};

export const EMAIL_STATUS_LABELS: Record<EmailStatus, string> = {
  queued: "Queued",
  sent: "Sent",
  outboxed: "In outbox (not sent)",
  delivered: "Delivered",
  bounced: "Bounced",
  complained: "Complained",
  failed: "Failed",
  skipped: "Skipped",
};

export const EMAIL_STATUS_VARIANT: Record<
  EmailStatus,
  "success" | "warning" | "destructive" | "secondary" | "outline"
> = {
  queued: "outline",
  sent: "secondary",
  outboxed: "secondary",
  delivered: "success",
  bounced: "destructive",
  complained: "destructive",
  failed: "destructive",
  skipped: "warning",
};

export const EMAIL_TRANSPORT_LABELS: Record<"resend" | "outbox", string> = {
  resend: "Resend",
  outbox: "Outbox",
};

/** Statuses whose reason is the point: why nothing went out, or what the receiving side said. */
const WITH_REASON: readonly EmailStatus[] = ["skipped", "failed", "bounced", "complained"];

/** "Skipped: on the do-not-call list", or null when the status needs no explanation. */
export function emailReasonText(status: EmailStatus, reason: string | null): string | null {
  if (!WITH_REASON.includes(status) || !reason) return null;
  return `${EMAIL_STATUS_LABELS[status]}: ${reason}`;
}
