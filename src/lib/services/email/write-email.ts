import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { appOrigin } from "@/env";
import { rowsOf, type Tx } from "@/lib/db/client";
import { getAppointmentForEmail } from "@/lib/db/queries/appointments";
import { DEFAULT_TEMPLATES } from "@/lib/email/templates/defaults";
import { renderEmail } from "@/lib/email/templates/render";
import { meetingVariables, TEMPLATE_VARIABLES } from "@/lib/email/templates/variables";
import type { RenderedEmail, TemplateKind, TemplateVariables } from "@/lib/email/types";
import { senderAddress } from "@/lib/integrations/mail";
import type { MailTransport } from "@/lib/integrations/mail/types";

/** Cal.com's public pages for a booking (the lead reschedules or cancels there, without an account). */
const CALCOM_APP = "https://app.cal.com";

export type WriteEmailInput = {
  orgId: string;
  leadId: string;
  kind: TemplateKind;
  /** `<kind>/<call or appointment id>/<lead id>`: unique per organization. */
  dedupeKey: string;
  callId: string | null;
  appointmentId: string | null;
  campaignId: string | null;
  /** Decided before writing (campaign switch, template off, no appointment). */
  skipReason?: string;
  transport: MailTransport;
  now: Date;
};

export type WrittenEmail = {
  id: string;
  status: string;
  reason: string | null;
  /** False when the row was already there (a duplicate event or a redelivered job). */
  created: boolean;
};

type LeadRow = {
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  email: string | null;
  phone: string;
  timezone: string;
  status: string;
  org_name: string;
  callback_number: string | null;
  on_dnc: boolean;
};

/** The app's public origin for links in emails. */
export const emailLinkOrigin = () => appOrigin({ fallback: "localhost" });

/** Why an address must get nothing: the do-not-call list, no address, or the suppression list. */
export async function suppressionReason(
  tx: Tx,
  orgId: string,
  lead: { email: string | null; status: string; onDnc: boolean },
): Promise<string | null> {
  if (lead.onDnc || lead.status === "do_not_call") return "on the do-not-call list";
  const address = lead.email?.trim().toLowerCase();
  if (!address) return "no email address";
  const [suppressed] = rowsOf<{ reason: string }>(
    await tx.execute(
      sql`select reason from public.email_suppressions where org_id = ${orgId} and email = ${address}`,
    ),
  );
  return suppressed?.reason ?? null;
}

async function variablesFor(tx: Tx, input: WriteEmailInput, lead: LeadRow): Promise<TemplateVariables> {
  const values: TemplateVariables = {
    first_name: lead.first_name ?? "",
    last_name: lead.last_name ?? "",
    company: lead.company ?? "",
    sender_name: lead.org_name,
    business_name: lead.org_name,
    callback_number: lead.callback_number ?? "",
  };
  if (input.appointmentId) {
    const appointment = await getAppointmentForEmail(tx, { orgId: input.orgId, id: input.appointmentId });
    if (appointment) {
      Object.assign(values, meetingVariables(appointment.startAt, appointment.timezone || lead.timezone));
      const uid = appointment.calcomBookingUid;
      values.reschedule_link = uid ? `${CALCOM_APP}/reschedule/${encodeURIComponent(uid)}` : "";
      values.cancel_link = uid ? `${CALCOM_APP}/booking/${encodeURIComponent(uid)}?cancel=true` : "";
    }
  }
  // Every placeholder the kind allows gets a value (empty when unknown), so a saved template renders.
  return Object.fromEntries(TEMPLATE_VARIABLES[input.kind].map((name) => [name, values[name] ?? ""]));
}

/**
 * Writes the one `emails` row for (kind, call or appointment, lead), rendered with the
 * organization's template (or the default), `queued` unless the lead must get nothing (then
 * `skipped` with the reason, so the outbox shows why). A duplicate outcome event or a redelivered
 * job finds the row already there (`created: false`) and writes nothing.
 */
export async function writeEmail(tx: Tx, input: WriteEmailInput): Promise<WrittenEmail | null> {
  const existing = async () => {
    const [row] = rowsOf<{ id: string; status: string; reason: string | null }>(
      await tx.execute(sql`select id, status, reason from public.emails
        where org_id = ${input.orgId} and dedupe_key = ${input.dedupeKey}`),
    );
    return row ? { ...row, created: false } : null;
  };
  const before = await existing();
  if (before) return before;
  const [lead] = rowsOf<LeadRow>(
    await tx.execute(sql`
      select l.first_name, l.last_name, l.company, l.email, l.phone, l.timezone, l.status,
             o.name as org_name, o.callback_number,
             exists (select 1 from public.do_not_call d where d.org_id = l.org_id and d.phone = l.phone) as on_dnc
      from public.leads l join public.organizations o on o.id = l.org_id
      where l.id = ${input.leadId} and l.org_id = ${input.orgId}`),
  );
  if (!lead) return null;

  let reason: string | null =
    input.skipReason ??
    (await suppressionReason(tx, input.orgId, {
      email: lead.email,
      status: lead.status,
      onDnc: lead.on_dnc,
    }));
  let status: "queued" | "skipped" | "failed" = reason ? "skipped" : "queued";
  const sender = senderAddress(lead.org_name, input.transport);
  if ("problem" in sender && status === "queued") {
    status = "failed";
    reason = sender.problem;
  }
  const [template] = rowsOf<{ subject: string; body: string }>(
    await tx.execute(sql`select subject, body from public.email_templates
      where org_id = ${input.orgId} and kind = ${input.kind}`),
  );
  const token = randomBytes(24).toString("base64url");
  let rendered: RenderedEmail = { subject: "", html: "", text: "" };
  try {
    rendered = await renderEmail(
      input.kind,
      template ?? DEFAULT_TEMPLATES[input.kind],
      await variablesFor(tx, input, lead),
      {
        unsubscribeUrl: `${emailLinkOrigin()}/unsubscribe/${token}`,
      },
    );
  } catch (error) {
    // Templates are validated when saved; a failure here is a bug, recorded rather than sent.
    if (status === "queued") {
      status = "failed";
      reason = `could not render the template: ${(error as Error).message}`;
    }
  }

  const [row] = rowsOf<{ id: string }>(
    await tx.execute(sql`
      insert into public.emails (org_id, lead_id, call_id, appointment_id, campaign_id, kind, dedupe_key, transport,
        status, reason, to_address, from_address, subject, html, text, unsubscribe_token, created_at, updated_at)
      values (${input.orgId}, ${input.leadId}, ${input.callId}, ${input.appointmentId}, ${input.campaignId}, ${input.kind},
        ${input.dedupeKey}, ${input.transport}, ${status}, ${reason}, ${lead.email?.trim() || null},
        ${"from" in sender ? sender.from : ""}, ${rendered.subject}, ${rendered.html}, ${rendered.text}, ${token},
        ${input.now.toISOString()}, ${input.now.toISOString()})
      on conflict (org_id, dedupe_key) do nothing
      returning id`),
  );
  // Lost a race with a concurrent writer of the same key: theirs is the row.
  return row ? { id: row.id, status, reason, created: true } : existing();
}

/** Send jobs share one flow key, paced under Resend's default limit of 2 requests per second per team. */
export const SEND_EMAIL_FLOW = { flowKey: "resend", flowParallelism: 1, flowRatePerSecond: 2 } as const;
