import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";
import { mailer } from "@/lib/integrations/mail";
import type { MailTransport } from "@/lib/integrations/mail/types";
import type { Queue } from "@/lib/integrations/queue/types";
import { SEND_EMAIL_FLOW, writeEmail } from "./write-email";

/** Per tick and kind; the rest wait for the next one. */
const BATCH = 50;

type Due = {
  id: string;
  org_id: string;
  lead_id: string;
  campaign_id: string | null;
  call_id: string | null;
  disabled_email_kinds: string[] | null;
  template_off: boolean;
};

async function dueAppointments(db: Database, kind: "reminder" | "confirmation", now: Date): Promise<Due[]> {
  const at = now.toISOString();
  const which =
    kind === "reminder"
      ? // Starting within 24 hours, booked over an hour ago (not reminded right after the confirmation).
        sql`a.start_at <= ${new Date(now.getTime() + 24 * 3_600_000).toISOString()}::timestamptz
            and a.created_at <= ${new Date(now.getTime() - 3_600_000).toISOString()}::timestamptz`
      : // Made by one of our calls, now ended, booked in the last day: the follow-up found no appointment yet.
        sql`a.created_at > ${new Date(now.getTime() - 24 * 3_600_000).toISOString()}::timestamptz
            and exists (select 1 from public.calls c where c.id = a.call_id and c.status = 'ended')`;
  return rowsOf<Due>(
    await withService(
      (tx) =>
        tx.execute(sql`
          select a.id, a.org_id, a.lead_id, a.campaign_id, a.call_id, k.disabled_email_kinds,
                 coalesce((select not t.enabled from public.email_templates t
                           where t.org_id = a.org_id and t.kind = ${kind}), false) as template_off
          from public.appointments a left join public.campaigns k on k.id = a.campaign_id
          where a.status = 'booked' and a.start_at > ${at}::timestamptz and ${which}
            and not exists (select 1 from public.emails e where e.org_id = a.org_id
                            and e.dedupe_key = ${kind} || '/' || a.id || '/' || a.lead_id)
          order by a.start_at limit ${BATCH}`),
      db,
    ),
  );
}

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
    for (const appointment of await dueAppointments(db, kind, now)) {
      const skipReason = (appointment.disabled_email_kinds ?? []).includes(kind)
        ? "turned off for this campaign"
        : appointment.template_off
          ? "template turned off"
          : undefined;
      const email = await withService(
        (tx) =>
          writeEmail(tx, {
            orgId: appointment.org_id,
            leadId: appointment.lead_id,
            kind,
            dedupeKey: `${kind}/${appointment.id}/${appointment.lead_id}`,
            callId: appointment.call_id,
            appointmentId: appointment.id,
            campaignId: appointment.campaign_id,
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

  const stale = rowsOf<{ id: string }>(
    await withService(
      (tx) =>
        tx.execute(sql`select id from public.emails where status = 'queued'
          and updated_at <= ${new Date(now.getTime() - 10 * 60_000).toISOString()}::timestamptz
          order by updated_at limit ${BATCH}`),
      db,
    ),
  );
  for (const email of stale) {
    await queue.enqueue({ type: "send-email", emailId: email.id }, SEND_EMAIL_FLOW);
  }
  return { reminders: written.reminder, confirmations: written.confirmation, requeued: stale.length };
}
