import type { Database, Tx } from "@/lib/db/client";
import {
  countRefusalsInARow,
  type DialingCall,
  endUndialedCall,
  recordDispatched,
  startDialing,
} from "@/lib/db/queries/calls";
import { pauseActiveCampaign } from "@/lib/db/queries/campaigns";
import { closeLeadAfterRefusal, returnLeadAttempt } from "@/lib/db/queries/leads";
import { withService } from "@/lib/db/with-user";
import { localTime } from "@/lib/dialer/calling-window";
import {
  VoiceError,
  type VoiceErrorKind,
  type VoiceProvider,
  type VoiceProviderName,
} from "@/lib/integrations/voice/types";
import { logger } from "@/lib/logger";

/** The voice adapter for a provider and organization (its own key, or the environment's). */
export type VoiceFor = (provider: VoiceProviderName, orgId: string) => VoiceProvider | Promise<VoiceProvider>;

export type DispatchCallOptions = { db: Database; callId: string; now: Date; voiceFor: VoiceFor };

export type DispatchResult = { status: "dialing" | "skipped" | "failed" | "requeued" };

/** A call lasts at most an hour at the providers; past this the reconciler asks what became of it. */
const DIALING_DEADLINE_MINUTES = 75;
const BACKOFF_FIRST_MINUTES = 2;
const BACKOFF_MAX_MINUTES = 60;

/**
 * Places the provider call for a claimed call row. The row moves queued -> dialing first, so a
 * duplicate delivery of the job finds nothing to do; the provider is asked once (SDK retries
 * off). Whatever happens, the lead never stays queued or calling and the call never stays
 * dialing without a provider id: a refusal ends the call and settles the lead.
 */
export async function dispatchCall({
  db,
  callId,
  now,
  voiceFor,
}: DispatchCallOptions): Promise<DispatchResult> {
  const call = await withService(async (tx) => {
    const row = await startDialing(tx, { callId, now });
    if (!row || row.leadStatus) return row;
    // The lead changed after the claim (marked do-not-call, edited, trashed) or the campaign was
    // paused: no call. A paused campaign gets its lead back, attempt and all; so does a trashed
    // lead, which then waits in the trash as pending, not stuck as queued, should it be restored.
    if (row.campaignStatus !== "active" || row.leadTrashed) {
      await settle(tx, row, now, {
        lead: "requeue",
        error: row.leadTrashed
          ? "Lead deleted before dispatch; not called."
          : `Campaign ${row.campaignStatus} before dispatch.`,
      });
    } else {
      await endUndialedCall(tx, { callId: row.id, now, error: "Lead changed before dispatch; not called." });
    }
    return row;
  }, db);
  if (!call) return { status: "skipped" };
  if (!call.leadStatus) {
    return { status: call.campaignStatus === "active" && !call.leadTrashed ? "skipped" : "requeued" };
  }

  let providerCallId: string;
  try {
    const voice = await voiceFor(call.provider, call.orgId);
    ({ providerCallId } = await voice.startCall({
      callId: call.id,
      orgId: call.orgId,
      campaignId: call.campaignId,
      leadId: call.leadId,
      toNumber: call.toNumber,
      fromNumber: call.fromNumber,
      agentId: call.agentId,
      variables: callVariables(call, now),
    }));
  } catch (error) {
    // Anything that is not a classified refusal is treated as transient: the lead is tried again.
    const kind: VoiceErrorKind = error instanceof VoiceError ? error.kind : "transient";
    const message = `${kind}: ${(error as Error).message}`.slice(0, 500);
    logger.warn("dispatch refused", { callId, leadId: call.leadId, kind });
    return withService(async (tx) => {
      if (kind === "invalid_number") {
        await settle(tx, call, now, { lead: "invalid_number", error: message });
        return { status: "failed" as const };
      }
      if (kind === "rejected") {
        await settle(tx, call, now, { lead: "failed", error: message });
        return { status: "failed" as const };
      }
      if (kind === "auth") {
        // A bad key would fail every lead of the campaign: stop the campaign, keep the lead.
        await settle(tx, call, now, { lead: "requeue", error: message });
        await pauseActiveCampaign(tx, {
          campaignId: call.campaignId,
          now,
          reason: `The ${call.provider} account refused our credentials; check the API key, then resume.`,
        });
        return { status: "requeued" as const };
      }
      await settle(tx, call, now, { lead: "backoff", error: message });
      return { status: "requeued" as const };
    }, db);
  }

  await withService(
    (tx) => recordDispatched(tx, { callId, providerCallId, now, deadlineMinutes: DIALING_DEADLINE_MINUTES }),
    db,
  );
  return { status: "dialing" };
}

/** Lead fields, custom fields, scheduled-call context and the lead's own date and time, as strings. */
function callVariables(call: DialingCall, now: Date): Record<string, string> {
  const local = localTime(now.getTime(), call.timezone);
  const wall = new Date(local.wallMs);
  const iso = wall.toISOString();
  return {
    ...call.customFields,
    first_name: call.firstName ?? "",
    last_name: call.lastName ?? "",
    company: call.company ?? "",
    email: call.email ?? "",
    phone: call.phone,
    timezone: call.timezone,
    ...call.context,
    // The agent introduces the business by name and gives a number for do-not-call requests
    // (47 CFR 64.1200(b)); these are not the lead's to override.
    business_name: call.businessName,
    callback_number: call.callbackNumber ?? "",
    today: iso.slice(0, 10),
    weekday: wall.toLocaleDateString("en-US", { weekday: "long", timeZone: "UTC" }),
    local_time: iso.slice(11, 16),
  };
}

type Settlement = { lead: "invalid_number" | "failed" | "requeue" | "backoff"; error: string };

/** Ends a call that never reached the lead and puts the lead where the refusal says. */
async function settle(
  tx: Tx,
  call: Pick<DialingCall, "id" | "leadId">,
  now: Date,
  s: Settlement,
): Promise<void> {
  await endUndialedCall(tx, { callId: call.id, now, error: s.error });
  if (s.lead === "invalid_number" || s.lead === "failed") {
    await closeLeadAfterRefusal(tx, { leadId: call.leadId, status: s.lead, now });
    return;
  }
  // The attempt never reached the lead: give it back. Backoff doubles per consecutive refusal.
  let delayMinutes = 0;
  if (s.lead === "backoff") {
    const failures = Math.max(1, await countRefusalsInARow(tx, { leadId: call.leadId }));
    delayMinutes = Math.min(BACKOFF_MAX_MINUTES, BACKOFF_FIRST_MINUTES * 2 ** (failures - 1));
  }
  await returnLeadAttempt(tx, { leadId: call.leadId, delayMinutes, now });
}
