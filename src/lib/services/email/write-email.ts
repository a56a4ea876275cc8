import { randomBytes } from "node:crypto";
import { appOrigin } from "@/env";
import type { Tx } from "@/lib/db/client";
import { getAppointmentForEmail } from "@/lib/db/queries/appointments";
import {
  type EmailLead,
  findEmailByDedupeKey,
  findEmailSuppression,
  findEmailTemplate,
  getEmailLead,
  insertEmail,
} from "@/lib/db/queries/emails";
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

/** The app's public origin for links in emails. */
export const emailLinkOrigin = () => appOrigin({ fallback: "localhost" });

/**
 * Why an address must get nothing: the lead was deleted (in the trash), the do-not-call list, no
 * address, or the suppression list.
 */
export async function suppressionReason(
  tx: Tx,
  orgId: string,
  lead: { email: string | null; status: string; onDnc: boolean; trashed: boolean },
): Promise<string | null> {
  if (lead.trashed) return "the lead was deleted";
  if (lead.onDnc || lead.status === "do_not_call") return "on the do-not-call list";
  const address = lead.email?.trim().toLowerCase();
  if (!address) return "no email address";
  return findEmailSuppression(tx, { orgId, email: address });
}

async function variablesFor(tx: Tx, input: WriteEmailInput, lead: EmailLead): Promise<TemplateVariables> {
  const values: TemplateVariables = {
    first_name: lead.firstName ?? "",
    last_name: lead.lastName ?? "",
    company: lead.company ?? "",
    sender_name: lead.orgName,
    business_name: lead.orgName,
    callback_number: lead.callbackNumber ?? "",
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
    const row = await findEmailByDedupeKey(tx, { orgId: input.orgId, dedupeKey: input.dedupeKey });
    return row ? { ...row, created: false } : null;
  };
  const before = await existing();
  if (before) return before;
  const lead = await getEmailLead(tx, { orgId: input.orgId, leadId: input.leadId });
  if (!lead) return null;

  let reason: string | null =
    input.skipReason ??
    (await suppressionReason(tx, input.orgId, {
      email: lead.email,
      status: lead.status,
      onDnc: lead.onDnc,
      trashed: lead.trashed,
    }));
  let status: "queued" | "skipped" | "failed" = reason ? "skipped" : "queued";
  const sender = senderAddress(lead.orgName, input.transport);
  if ("problem" in sender && status === "queued") {
    status = "failed";
    reason = sender.problem;
  }
  const template = await findEmailTemplate(tx, { orgId: input.orgId, kind: input.kind });
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

  const id = await insertEmail(tx, {
    orgId: input.orgId,
    leadId: input.leadId,
    callId: input.callId,
    appointmentId: input.appointmentId,
    campaignId: input.campaignId,
    kind: input.kind,
    dedupeKey: input.dedupeKey,
    transport: input.transport,
    status,
    reason,
    toAddress: lead.email?.trim() || null,
    fromAddress: "from" in sender ? sender.from : "",
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    unsubscribeToken: token,
    now: input.now,
  });
  // Lost a race with a concurrent writer of the same key: theirs is the row.
  return id ? { id, status, reason, created: true } : existing();
}

/** Send jobs share one flow key, paced under Resend's default limit of 2 requests per second per team. */
export const SEND_EMAIL_FLOW = { flowKey: "resend", flowParallelism: 1, flowRatePerSecond: 2 } as const;
