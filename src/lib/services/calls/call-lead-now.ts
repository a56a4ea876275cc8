import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { leads } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { CallLeadNowInput } from "@/lib/schemas/call-now";
import type { Actor } from "../organizations/roles";
import { type ScheduledCall, scheduleCall } from "./schedule-call";

export type CallNowResult =
  /** Due now: the tick the caller queues after commit places the call. */
  | { status: "calling"; call: ScheduledCall; campaignId: string }
  /** Outside the lead's window: nothing written; the next allowed time, for the person to accept. */
  | { status: "outside_window"; call: ScheduledCall; campaignId: string }
  /** Accepted: scheduled at the next allowed time. */
  | { status: "scheduled"; call: ScheduledCall; campaignId: string };

/**
 * One call to a lead through its campaign, by any member (RLS applies), the way
 * `POST /api/v1/calls/schedule` schedules one (do-not-call, booked or in-flight leads, attempts
 * and the calling window in each of the lead's zones), plus consent when the campaign requires
 * it and an active campaign (only active campaigns are dialed). Nothing overrides the window:
 * outside it the next allowed time is offered, and written only when `acceptNextTime`.
 */
export async function callLeadNow({
  tx,
  actor,
  input,
  now,
}: {
  tx: Tx;
  actor: Actor;
  input: CallLeadNowInput;
  now: Date;
}): Promise<CallNowResult> {
  const [lead] = await tx
    .select({ campaignId: leads.campaignId, consent: leads.consent, context: leads.nextCallContext })
    .from(leads)
    .where(and(eq(leads.orgId, actor.orgId), eq(leads.id, input.leadId), isNull(leads.deletedAt)));
  if (!lead) throw new AppError("not_found", "That lead doesn't exist or is in the trash.");
  const campaign = await getCampaign(tx, { orgId: actor.orgId, campaignId: lead.campaignId });
  if (!campaign) throw new AppError("not_found", "That lead's campaign doesn't exist.");
  if (campaign.status !== "active") {
    throw new AppError(
      "conflict",
      campaign.status === "paused" || campaign.status === "draft"
        ? `The campaign “${campaign.name}” is ${campaign.status}: ${campaign.status === "draft" ? "start" : "resume"} it to place calls.`
        : `The campaign “${campaign.name}” is ${campaign.status === "completed" ? "stopped" : "archived"}: it places no more calls.`,
    );
  }
  if (campaign.requireConsent && lead.consent !== true) {
    throw new AppError(
      "conflict",
      "Not called: this campaign calls only leads who gave consent, and this lead has not.",
    );
  }
  const call = await scheduleCall({
    tx,
    orgId: actor.orgId,
    input: {
      campaignId: lead.campaignId,
      leadId: input.leadId,
      lead: undefined,
      at: undefined,
      context: lead.context ?? {},
    },
    now,
    whenMoved: input.acceptNextTime ? "schedule" : "ask",
  });
  const status = !call.moved ? "calling" : call.written ? "scheduled" : "outside_window";
  if (call.written) {
    await insertAuditEntry(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: "leads.call_now",
      targetType: "leads",
      targetId: input.leadId,
      count: 1,
      data: { campaignId: lead.campaignId, scheduledAt: call.scheduledAt.toISOString(), moved: call.moved },
    });
  }
  return { status, call, campaignId: lead.campaignId };
}
