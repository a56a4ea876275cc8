import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";
import { mailer } from "@/lib/integrations/mail";
import type { MailTransport } from "@/lib/integrations/mail/types";
import type { Queue } from "@/lib/integrations/queue/types";
import { SEND_EMAIL_FLOW, writeEmail } from "./write-email";

/** Per tick; the rest wait for the next one. */
const BATCH = 50;

/**
 * A tick step: a reminder for each booked appointment starting within the next 24 hours that has
 * none yet (one row per appointment and lead: `reminder/<appointment id>/<lead id>`). An
 * appointment booked less than an hour ago is left alone, so a meeting booked for this afternoon
 * does not get its confirmation and a reminder in the same minute. Also re-queues sends left
 * queued for over ten minutes (a job lost between commit and enqueue).
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
}): Promise<{ reminders: number; requeued: number }> {
  const at = now.toISOString();
  const dayLater = new Date(now.getTime() + 24 * 3_600_000).toISOString();
  const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
  const due = rowsOf<{
    id: string;
    org_id: string;
    lead_id: string;
    campaign_id: string | null;
    call_id: string | null;
    disabled_email_kinds: string[] | null;
    template_off: boolean;
  }>(
    await withService(
      (tx) =>
        tx.execute(sql`
          select a.id, a.org_id, a.lead_id, a.campaign_id, a.call_id, k.disabled_email_kinds,
                 coalesce((select not t.enabled from public.email_templates t
                           where t.org_id = a.org_id and t.kind = 'reminder'), false) as template_off
          from public.appointments a left join public.campaigns k on k.id = a.campaign_id
          where a.status = 'booked' and a.start_at > ${at}::timestamptz and a.start_at <= ${dayLater}::timestamptz
            and a.created_at <= ${hourAgo}::timestamptz
            and not exists (select 1 from public.emails e where e.org_id = a.org_id
                            and e.dedupe_key = 'reminder/' || a.id || '/' || a.lead_id)
          order by a.start_at limit ${BATCH}`),
      db,
    ),
  );
  let reminders = 0;
  for (const appointment of due) {
    const skipReason = (appointment.disabled_email_kinds ?? []).includes("reminder")
      ? "turned off for this campaign"
      : appointment.template_off
        ? "template turned off"
        : undefined;
    const email = await withService(
      (tx) =>
        writeEmail(tx, {
          orgId: appointment.org_id,
          leadId: appointment.lead_id,
          kind: "reminder",
          dedupeKey: `reminder/${appointment.id}/${appointment.lead_id}`,
          callId: appointment.call_id,
          appointmentId: appointment.id,
          campaignId: appointment.campaign_id,
          skipReason,
          transport,
          now,
        }),
      db,
    );
    if (email?.created) reminders += 1;
    if (email?.status === "queued") {
      await queue.enqueue(
        { type: "send-email", emailId: email.id },
        { dedupeId: `send:${email.id}`, ...SEND_EMAIL_FLOW },
      );
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
  return { reminders, requeued: stale.length };
}
