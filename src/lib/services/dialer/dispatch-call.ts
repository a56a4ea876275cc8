import { sql } from "drizzle-orm";
import { type Database, rowsOf, type Tx } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";
import { localTime } from "@/lib/dialer/calling-window";
import {
  VoiceError,
  type VoiceErrorKind,
  type VoiceProvider,
  type VoiceProviderName,
} from "@/lib/integrations/voice/types";
import { logger } from "@/lib/logger";
import { pauseCampaign } from "./pause-campaign";

/** The voice adapter for a provider and organization (its own key, or the environment's). */
export type VoiceFor = (provider: VoiceProviderName, orgId: string) => VoiceProvider | Promise<VoiceProvider>;

export type DispatchCallOptions = { db: Database; callId: string; now: Date; voiceFor: VoiceFor };

export type DispatchResult = { status: "dialing" | "skipped" | "failed" | "requeued" };

/** A call lasts at most an hour at the providers; past this the reconciler asks what became of it. */
const DIALING_DEADLINE_MINUTES = 75;
const BACKOFF_FIRST_MINUTES = 2;
const BACKOFF_MAX_MINUTES = 60;

type Claimed = {
  id: string;
  org_id: string;
  campaign_id: string;
  lead_id: string;
  provider: VoiceProviderName;
  to_number: string;
  from_number: string | null;
  agent_id: string | null;
  context: Record<string, string>;
  campaign_status: string;
  lead_status: string | null;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  email: string | null;
  phone: string;
  timezone: string;
  custom_fields: Record<string, string>;
  business_name: string;
  callback_number: string | null;
};

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
  const at = now.toISOString();
  const call = await withService(async (tx) => {
    const [row] = rowsOf<Claimed>(
      await tx.execute(sql`
        with c as (
          update public.calls set status = 'dialing', updated_at = ${at}::timestamptz
          where id = ${callId} and status = 'queued'
          returning id, org_id, campaign_id, lead_id, provider, to_number, from_number, agent_id, context
        ),
        l as (
          update public.leads l set status = 'calling', updated_at = ${at}::timestamptz
          from c
          where l.id = c.lead_id and l.org_id = c.org_id and l.status = 'queued'
            and exists (select 1 from public.campaigns k where k.id = c.campaign_id and k.status = 'active')
          returning l.id, l.status
        )
        select c.*, k.status::text as campaign_status, l.status::text as lead_status,
               x.first_name, x.last_name, x.company, x.email, x.phone, x.timezone, x.custom_fields,
               o.name as business_name, o.callback_number
        from c
        join public.campaigns k on k.id = c.campaign_id
        join public.organizations o on o.id = c.org_id
        join public.leads x on x.id = c.lead_id
        left join l on l.id = c.lead_id
      `),
    );
    if (!row || row.lead_status) return row;
    // The lead changed after the claim (marked do-not-call, edited) or the campaign was paused:
    // no call. A paused campaign gets its lead back, attempt and all.
    if (row.campaign_status !== "active") {
      await settle(tx, row, now, {
        lead: "requeue",
        error: `Campaign ${row.campaign_status} before dispatch.`,
      });
    } else {
      await endCall(tx, row.id, now, "Lead changed before dispatch; not called.");
    }
    return row;
  }, db);
  if (!call) return { status: "skipped" };
  if (!call.lead_status) return { status: call.campaign_status === "active" ? "skipped" : "requeued" };

  let providerCallId: string;
  try {
    const voice = await voiceFor(call.provider, call.org_id);
    ({ providerCallId } = await voice.startCall({
      callId: call.id,
      orgId: call.org_id,
      campaignId: call.campaign_id,
      leadId: call.lead_id,
      toNumber: call.to_number,
      fromNumber: call.from_number,
      agentId: call.agent_id,
      variables: callVariables(call, now),
    }));
  } catch (error) {
    // Anything that is not a classified refusal is treated as transient: the lead is tried again.
    const kind: VoiceErrorKind = error instanceof VoiceError ? error.kind : "transient";
    const message = `${kind}: ${(error as Error).message}`.slice(0, 500);
    logger.warn("dispatch refused", { callId, leadId: call.lead_id, kind });
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
        await pauseCampaign(tx, {
          campaignId: call.campaign_id,
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
    (tx) =>
      tx.execute(sql`
        update public.calls
        set provider_call_id = coalesce(provider_call_id, ${providerCallId}),
            dispatched_at = coalesce(dispatched_at, ${at}::timestamptz),
            deadline_at = case when status = 'ended' then deadline_at
                               else ${at}::timestamptz + make_interval(mins => ${DIALING_DEADLINE_MINUTES}) end,
            updated_at = ${at}::timestamptz
        where id = ${callId}
      `),
    db,
  );
  return { status: "dialing" };
}

/** Lead fields, custom fields, scheduled-call context and the lead's own date and time, as strings. */
function callVariables(call: Claimed, now: Date): Record<string, string> {
  const local = localTime(now.getTime(), call.timezone);
  const wall = new Date(local.wallMs);
  const iso = wall.toISOString();
  return {
    ...call.custom_fields,
    first_name: call.first_name ?? "",
    last_name: call.last_name ?? "",
    company: call.company ?? "",
    email: call.email ?? "",
    phone: call.phone,
    timezone: call.timezone,
    ...call.context,
    // The agent introduces the business by name and gives a number for do-not-call requests
    // (47 CFR 64.1200(b)); these are not the lead's to override.
    business_name: call.business_name,
    callback_number: call.callback_number ?? "",
    today: iso.slice(0, 10),
    weekday: wall.toLocaleDateString("en-US", { weekday: "long", timeZone: "UTC" }),
    local_time: iso.slice(11, 16),
  };
}

async function endCall(tx: Tx, callId: string, now: Date, error: string): Promise<void> {
  const at = now.toISOString();
  // outcome_applied_at: the lead has been settled here; a late provider report must not do it again.
  await tx.execute(sql`
    update public.calls
    set status = 'ended', result = 'failed', error = ${error}, ended_at = ${at}::timestamptz,
        outcome_applied_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
    where id = ${callId} and status <> 'ended'
  `);
}

type Settlement = { lead: "invalid_number" | "failed" | "requeue" | "backoff"; error: string };

/** Ends a call that never reached the lead and puts the lead where the refusal says. */
async function settle(
  tx: Tx,
  call: Pick<Claimed, "id" | "lead_id">,
  now: Date,
  s: Settlement,
): Promise<void> {
  const at = now.toISOString();
  await endCall(tx, call.id, now, s.error);
  if (s.lead === "invalid_number" || s.lead === "failed") {
    await tx.execute(sql`
      update public.leads set status = ${s.lead}::lead_status, next_attempt_at = null, updated_at = ${at}::timestamptz
      where id = ${call.lead_id} and status in ('queued', 'calling')
    `);
    return;
  }
  // The attempt never reached the lead: give it back. Backoff doubles per consecutive refusal.
  let delayMinutes = 0;
  if (s.lead === "backoff") {
    const [r] = rowsOf<{ n: number }>(
      await tx.execute(sql`
        select count(*)::int as n from public.calls c
        where c.lead_id = ${call.lead_id} and c.status = 'ended' and c.provider_call_id is null
          and c.error is not null
          and c.attempt_no > coalesce((select max(p.attempt_no) from public.calls p
                                       where p.lead_id = ${call.lead_id} and p.provider_call_id is not null), 0)
      `),
    );
    const failures = Math.max(1, r?.n ?? 1);
    delayMinutes = Math.min(BACKOFF_MAX_MINUTES, BACKOFF_FIRST_MINUTES * 2 ** (failures - 1));
  }
  await tx.execute(sql`
    update public.leads
    set status = 'pending', attempts = greatest(attempts - 1, 0), updated_at = ${at}::timestamptz,
        next_attempt_at = case when ${delayMinutes}::int > 0
                               then ${at}::timestamptz + make_interval(mins => ${delayMinutes}::int) end
    where id = ${call.lead_id} and status in ('queued', 'calling')
  `);
}
