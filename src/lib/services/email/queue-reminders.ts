import type { Database } from "@/lib/db/client";
import { listAppointmentsDueEmail } from "@/lib/db/queries/appointments";
import { listStaleQueuedEmails } from "@/lib/db/queries/emails";
import { withService } from "@/lib/db/with-user";
import { mailer } from "@/lib/integrations/mail";
import type { MailTransport } from "@/lib/integrations/mail/types";
import type { Queue } from "@/lib/integrations/queue/types";
import { SEND_EMAIL_FLOW, writeEmail } from "./write-email";

/** Per tick and kind; the rest wait for the next one. */
const BATCH = 50;

/**
 * A tick step for appointment emails: a reminder for each booked appointment starting within the
 * next 24 hours that has none yet (`reminder/<appointment id>/<lead id>`), and the confirmation of
 * a call's appointment that landed after the call's follow-up ran (same key as the follow-up's:
 * `confirmation/<appointment id>/<lead id>`, so never twice). Also re-queues sends left queued
 * for over ten minutes (a job lost between commit and enqueue).
 */
export async function queueReminders({
  db,
  now,
  queue,
  transport = mailer().transport,
}: {
  db: Database;
  now: Date;
  queue: Queue;
  transport?: MailTransport;
}): Promise<{ reminders: number; confirmations: number; requeued: number }> {
  const written = { reminder: 0, confirmation: 0 };
  for (const kind of ["confirmation", "reminder"] as const) {
    const due = await withService((tx) => listAppointmentsDueEmail(tx, { kind, now, limit: BATCH }), db);
    for (const appointment of due) {
      const skipReason = (appointment.disabledEmailKinds ?? []).includes(kind)
        ? "turned off for this campaign"
        : appointment.templateOff
          ? "template turned off"
          : undefined;
      const email = await withService(
        (tx) =>
          writeEmail(tx, {
            orgId: appointment.orgId,
            leadId: appointment.leadId,
            kind,
            dedupeKey: `${kind}/${appointment.id}/${appointment.leadId}`,
            callId: appointment.callId,
            appointmentId: appointment.id,
            campaignId: appointment.campaignId,
            skipReason,
            transport,
            now,
          }),
        db,
      );
      if (email?.created) written[kind] += 1;
      if (email?.status === "queued") {
        await queue.enqueue(
          { type: "send-email", emailId: email.id },
          { dedupeId: `send:${email.id}`, ...SEND_EMAIL_FLOW },
        );
      }
    }
  }

  const stale = await withService(
    (tx) => listStaleQueuedEmails(tx, { before: new Date(now.getTime() - 10 * 60_000), limit: BATCH }),
    db,
  );
  for (const emailId of stale) {
    await queue.enqueue({ type: "send-email", emailId }, SEND_EMAIL_FLOW);
  }
  return { reminders: written.reminder, confirmations: written.confirmation, requeued: stale.length };
}
