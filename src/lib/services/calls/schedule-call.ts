import type { Tx } from "@/lib/db/client";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { lockLeadToSchedule, scheduleLeadCall } from "@/lib/db/queries/leads";
import { type CallingWindow, effectiveWindow, localTime, nextCallableAt } from "@/lib/dialer/calling-window";
import { AppError } from "@/lib/errors";
import { MAX_SCHEDULE_DAYS, type ScheduleCallInput } from "@/lib/schemas/call-schedule";
import { apiFieldName } from "@/lib/schemas/lead-api";
import { campaignWindow } from "@/lib/services/campaigns/preview-campaign";
import { upsertLeads } from "@/lib/services/leads/upsert-leads";

export type ScheduledCall = {
  leadId: string;
  campaignId: string;
  leadCreated: boolean;
  requestedAt: Date;
  scheduledAt: Date;
  moved: boolean;
  reason?: string;
  /** The scheduled time on the lead's wall clock: `2026-01-31T08:00`. */
  localTime: string;
  timezone: string;
  /** False only when `whenMoved: "ask"` found the time moved: nothing was written. */
  written: boolean;
};

// Statuses a scheduled call must not override: a decision (booked, opt-out), a dead number, or a call in flight.
const REFUSED: Record<string, string> = {
  booked: "already booked an appointment",
  do_not_call: "is on the do-not-call list",
  invalid_number: "has an invalid number",
  queued: "is being called right now",
  calling: "is being called right now",
};

const DAY_MS = 86_400_000;

/**
 * Schedules one call to a lead (API callers, service role: `orgId` is explicit): the lead becomes
 * pending with `next_attempt_at` at the requested time, moved forward to the next time its local
 * calling window allows, and `next_call_context` for the agent. A `lead` object is created or
 * updated by (campaign, phone) first, with the leads API's normalization. `whenMoved: "ask"` (the
 * app's "Call now") writes nothing when the window moves the time, so the person can agree first.
 */
export async function scheduleCall({
  tx,
  orgId,
  input,
  now,
  whenMoved = "schedule",
}: {
  tx: Tx;
  orgId: string;
  input: ScheduleCallInput;
  now: Date;
  whenMoved?: "schedule" | "ask";
}): Promise<ScheduledCall> {
  const campaign = await getCampaign(tx, { orgId, campaignId: input.campaignId });
  // One answer for "not yours" and "does not exist": the API must not confirm other tenants' ids.
  if (!campaign) throw new AppError("not_found", "No campaign with that id in this organization.");
  if (campaign.status === "archived") throw new AppError("conflict", "The campaign is archived.");
  if (campaign.status === "completed") {
    throw new AppError(
      "conflict",
      "The campaign is completed (stopped): it places no more calls. Schedule the call in an active, paused or draft campaign.",
    );
  }

  const requestedAt = input.at ?? now;
  if (requestedAt.getTime() > now.getTime() + MAX_SCHEDULE_DAYS * DAY_MS) {
    throw new AppError("validation", `Schedule at most ${MAX_SCHEDULE_DAYS} days ahead.`, {
      fields: { at: `At most ${MAX_SCHEDULE_DAYS} days ahead.` },
    });
  }

  const { leadId, created } = await resolveLead(tx, { orgId, input });
  const lead = await lockLeadToSchedule(tx, { orgId, campaignId: input.campaignId, leadId });
  if (!lead) throw new AppError("not_found", "No lead with that id in this campaign.");
  const refusal = lead.onDnc ? REFUSED.do_not_call : REFUSED[lead.status];
  if (refusal) throw new AppError("conflict", `Not scheduled: the lead ${refusal}.`);
  if (lead.attempts >= campaign.maxAttempts) {
    throw new AppError(
      "conflict",
      `Not scheduled: the lead has used all ${campaign.maxAttempts} attempts of this campaign; reset it first.`,
    );
  }

  const window = campaignWindow(campaign);
  const zones = [...new Set([lead.timezone, ...(lead.timezoneCandidates ?? [])])];
  // A time in the past means "now": the claim only calls leads that are due.
  const from = requestedAt.getTime() < now.getTime() ? now : requestedAt;
  const scheduledAt = nextCallableAt(from, zones, window);
  if (!scheduledAt) {
    throw new AppError(
      "conflict",
      "Not scheduled: the campaign's calling days and hours never allow a call in the lead's time zone.",
    );
  }
  const moved = scheduledAt.getTime() !== from.getTime();
  const written = !moved || whenMoved === "schedule";
  if (written) await scheduleLeadCall(tx, { leadId: lead.id, at: scheduledAt, context: input.context, now });

  return {
    leadId: lead.id,
    campaignId: input.campaignId,
    leadCreated: created,
    requestedAt,
    scheduledAt,
    moved,
    ...(moved ? { reason: movedReason(from, scheduledAt, zones, window) } : {}),
    localTime: wallClock(scheduledAt, lead.timezone),
    timezone: lead.timezone,
    written,
  };
}

async function resolveLead(
  tx: Tx,
  { orgId, input }: { orgId: string; input: ScheduleCallInput },
): Promise<{ leadId: string; created: boolean }> {
  if (input.leadId) return { leadId: input.leadId, created: false };
  if (!input.lead) throw new AppError("validation", "Send either lead_id or lead.");
  const [result] = await upsertLeads({
    tx,
    orgId,
    input: { campaignId: input.campaignId, leads: [input.lead] },
  });
  if (!result) throw new Error("upsertLeads returned no result");
  if (result.status === "rejected") {
    const fields = Object.fromEntries(result.errors.map((e) => [`lead.${apiFieldName(e.field)}`, e.message]));
    throw new AppError("validation", "The lead was rejected; see issues.", { fields });
  }
  return { leadId: result.id, created: result.status === "created" };
}

function wallClock(at: Date, zone: string): string {
  return new Date(localTime(at.getTime(), zone).wallMs).toISOString().slice(0, 16);
}

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** Why the time moved, named by the first zone that forbade it: "outside calling hours in ... (local 22:10)". */
function movedReason(from: Date, to: Date, zones: string[], window: CallingWindow): string {
  const eff = effectiveWindow(window);
  const blocking = zones.find((zone) => {
    const local = localTime(from.getTime(), zone);
    return (
      !eff.days.includes(local.weekday) || local.minute < eff.startMinute || local.minute >= eff.endMinute
    );
  });
  const zone = blocking ?? zones[0] ?? "UTC";
  const local = localTime(from.getTime(), zone);
  const what = eff.days.includes(local.weekday)
    ? "outside calling hours"
    : `not a calling day (${WEEKDAYS[local.weekday]})`;
  const target = localTime(to.getTime(), zone);
  const sameDay = target.wallMs - target.minute * 60_000 === local.wallMs - local.minute * 60_000;
  const when = sameDay ? hhmm(target.minute) : `${WEEKDAYS[target.weekday]} ${hhmm(target.minute)}`;
  return `${what} in ${zone} (local ${hhmm(local.minute)}); moved to the next allowed time ${when} local`;
}
