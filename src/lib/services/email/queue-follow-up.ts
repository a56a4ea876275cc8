import type { Database } from "@/lib/db/client";
import { findLatestLiveAppointmentIdOfCall } from "@/lib/db/queries/appointments";
import { getCallForFollowUp } from "@/lib/db/queries/calls";
import { hasMissedCallEmailForOtherCall, listDisabledTemplateKinds } from "@/lib/db/queries/emails";
import { withService } from "@/lib/db/with-user";
import { mailer } from "@/lib/integrations/mail";
import type { MailTransport } from "@/lib/integrations/mail/types";
import type { Queue } from "@/lib/integrations/queue/types";
import { logger } from "@/lib/logger";
import { type FollowUp, followUpForCall } from "./follow-up-for-call";
import { SEND_EMAIL_FLOW, type WrittenEmail, writeEmail } from "./write-email";

export type QueueFollowUpResult = { followUp: FollowUp; email: WrittenEmail | null };

/**
 * Job `follow-up-call` (queued by the outcome service once the call's lead is settled): decides
 * the email the call earns, writes its one row, and queues the send. Safe to run any number of
 * times: the row's dedupe key lets only the first run write and send.
 */
export async function queueFollowUp({
  db,
  callId,
  now,
  queue,
  transport = mailer().transport,
}: {
  db: Database;
  callId: string;
  now: Date;
  queue: Queue;
  transport?: MailTransport;
}): Promise<QueueFollowUpResult | null> {
  const written = await withService(async (tx) => {
    const call = await getCallForFollowUp(tx, { callId });
    if (!call) return null;
    const appointmentId = await findLatestLiveAppointmentIdOfCall(tx, { orgId: call.orgId, callId });
    const templatesOff = await listDisabledTemplateKinds(tx, { orgId: call.orgId });
    const missedCallEarlier = await hasMissedCallEmailForOtherCall(tx, {
      orgId: call.orgId,
      leadId: call.leadId,
      callId,
    });
    const followUp = followUpForCall({
      result: call.status === "ended" ? call.result : null,
      outcome: call.outcome,
      appointmentId,
      missedCallEarlier,
      disabledKinds: call.disabledEmailKinds,
      templatesOff,
    });
    if (followUp.action === "none") return { followUp, email: null };
    const subject = followUp.appointmentId ?? callId;
    const email = await writeEmail(tx, {
      orgId: call.orgId,
      leadId: call.leadId,
      kind: followUp.kind,
      dedupeKey: `${followUp.kind}/${subject}/${call.leadId}`,
      callId,
      appointmentId: followUp.appointmentId,
      campaignId: call.campaignId,
      skipReason: followUp.action === "skip" ? followUp.reason : undefined,
      transport,
      now,
    });
    return { followUp, email };
  }, db);

  // Also when the row was already there and still queued: the send job of an earlier run may
  // have been lost (a crash between commit and enqueue); sending is idempotent.
  if (written?.email?.status === "queued") {
    await queue.enqueue(
      { type: "send-email", emailId: written.email.id },
      { dedupeId: `send:${written.email.id}`, ...SEND_EMAIL_FLOW },
    );
  } else if (written?.email?.created) {
    logger.info("email: follow-up not sent", {
      callId,
      emailId: written.email.id,
      reason: written.email.reason,
    });
  }
  return written;
}
