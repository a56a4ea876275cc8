import { sql } from "drizzle-orm";
import { type Database, rowsOf, type Tx } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";
import type { CallOutcome, CallResult } from "@/lib/dialer/call-states";
import { readRetryPolicy } from "@/lib/dialer/campaign-settings";
import { decideLead, type LeadDecision } from "@/lib/dialer/next-attempt";
import type { Queue } from "@/lib/integrations/queue/types";
import type { CallReport } from "@/lib/integrations/voice/types";
import { logger } from "@/lib/logger";
import { pauseCampaign } from "./pause-campaign";

type CallRow = {
  id: string;
  org_id: string;
  campaign_id: string;
  lead_id: string;
  attempt_no: number;
  status: string;
  result: CallResult | null;
  outcome: CallOutcome | null;
  callback_at: Date | string | null;
  ended_at: Date | string | null;
  outcome_applied_at: Date | string | null;
};

const turnsJson = (report: CallReport): string | null =>
  report.transcriptTurns?.length ? JSON.stringify(report.transcriptTurns) : null;

const toDate = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

async function findCall(tx: Tx, report: CallReport): Promise<CallRow | null> {
  const byId = report.callId && /^[0-9a-f-]{36}$/i.test(report.callId) ? report.callId : null;
  const rows = rowsOf<CallRow>(
    await tx.execute(sql`
      select id, org_id, campaign_id, lead_id, attempt_no, status, result, outcome, callback_at, ended_at, outcome_applied_at
      from public.calls
      where ${byId ? sql`id = ${byId}` : sql`provider = ${report.provider} and provider_call_id = ${report.providerCallId}`}
      for update`),
  );
  return rows[0] ?? null;
}

/** Applies the lead decision for an ended call. */
async function applyToLead(
  tx: Tx,
  call: CallRow,
  result: CallResult,
  outcome: CallOutcome | null,
  callbackAt: Date | null,
  endedAt: Date,
  now: Date,
) {
  const [ctx] = rowsOf<{
    attempts: number;
    phone: string;
    timezone: string;
    timezone_candidates: string[] | null;
    max_attempts: number;
    max_attempts_per_day: number;
    retry_policy: unknown;
    calling_days: number[];
    calling_start_minute: number;
    calling_end_minute: number;
  }>(
    await tx.execute(sql`
      select l.attempts, l.phone, l.timezone, l.timezone_candidates, c.max_attempts, c.max_attempts_per_day,
             c.retry_policy, c.calling_days, c.calling_start_minute, c.calling_end_minute
      from public.leads l join public.campaigns c on c.id = l.campaign_id and c.org_id = l.org_id
      where l.id = ${call.lead_id} and l.org_id = ${call.org_id}`),
  );
  if (!ctx) return null;
  const times = rowsOf<{ queued_at: Date | string }>(
    await tx.execute(
      sql`select queued_at from public.calls where lead_id = ${call.lead_id} and org_id = ${call.org_id}`,
    ),
  ).map((r) => new Date(r.queued_at));
  const zones = [ctx.timezone, ...(ctx.timezone_candidates ?? []).filter((z) => z !== ctx.timezone)];
  const decision: LeadDecision = decideLead({
    result,
    outcome,
    callbackAt,
    endedAt,
    attempts: ctx.attempts,
    maxAttempts: ctx.max_attempts,
    policy: readRetryPolicy(ctx.retry_policy),
    zones,
    window: {
      days: ctx.calling_days,
      startMinute: ctx.calling_start_minute,
      endMinute: ctx.calling_end_minute,
    },
    maxAttemptsPerDay: ctx.max_attempts_per_day,
    callTimes: times,
  });
  if (decision.doNotCall) {
    // The trigger on do_not_call marks every lead with this phone in the organization.
    await tx.execute(sql`
      insert into public.do_not_call (org_id, phone, source, reason)
      values (${call.org_id}, ${ctx.phone}, 'call', 'Asked not to be called again (call)')
      on conflict (org_id, phone) do nothing`);
    await tx.execute(sql`
      update public.leads set status = 'do_not_call', next_attempt_at = null, updated_at = ${now.toISOString()}
      where id = ${call.lead_id} and org_id = ${call.org_id} and status <> 'do_not_call'`);
    return decision;
  }
  // A later call of the lead owns its status: a late report of an earlier call (an analysis that
  // came after the retry was claimed) must not put a lead that is being called back to pending.
  const updated = rowsOf(
    await tx.execute(sql`
      update public.leads
      set status = ${decision.status}, next_attempt_at = ${decision.nextAttemptAt?.toISOString() ?? null}::timestamptz, updated_at = ${now.toISOString()}
      where id = ${call.lead_id} and org_id = ${call.org_id} and status <> 'do_not_call'
        and not exists (select 1 from public.calls n where n.lead_id = ${call.lead_id} and n.attempt_no > ${call.attempt_no})
      returning id`),
  );
  if (!updated.length)
    logger.info("dialer: lead not updated by an earlier call's report", { callId: call.id });
  return decision;
}

/** Pauses the campaign when too many of its last ended calls failed. */
async function checkBreaker(tx: Tx, call: CallRow, now: Date): Promise<boolean> {
  const [c] = rowsOf<{ breaker_failure_percent: number | null; breaker_window: number; status: string }>(
    await tx.execute(sql`select breaker_failure_percent, breaker_window, status from public.campaigns
      where id = ${call.campaign_id} and org_id = ${call.org_id}`),
  );
  if (!c || c.breaker_failure_percent === null || c.status !== "active") return false;
  const [stats] = rowsOf<{ total: number; failed: number }>(
    await tx.execute(sql`
      select count(*)::int as total, count(*) filter (where result = 'failed')::int as failed
      from (select result from public.calls where campaign_id = ${call.campaign_id} and org_id = ${call.org_id}
            and status = 'ended' order by ended_at desc nulls last limit ${c.breaker_window}) recent`),
  );
  if (!stats || stats.total < c.breaker_window) return false;
  if (stats.failed * 100 < c.breaker_failure_percent * stats.total) return false;
  await pauseCampaign(tx, {
    campaignId: call.campaign_id,
    now,
    reason: `Paused automatically: ${stats.failed} of the last ${stats.total} calls failed.`,
  });
  logger.warn("dialer: failure breaker paused campaign", {
    campaignId: call.campaign_id,
    failed: stats.failed,
  });
  return true;
}

/**
 * The one outcome service (design section 5.4): applies a provider's report to the call and its
 * lead. Idempotent: each stage changes the call only if it has not happened yet, and the lead is
 * updated once per call (`outcome_applied_at`), plus once more if a decisive outcome arrives later.
 * Events may come in any order; an analyzed report also ends the call.
 */
export async function recordCallReport({
  db,
  report,
  now,
  queue,
}: {
  db: Database;
  report: CallReport;
  now: Date;
  queue: Queue;
}): Promise<{ applied: boolean; callId: string | null }> {
  const outcome = await withService(async (tx) => {
    const call = await findCall(tx, report);
    if (!call) return { applied: false, callId: null, endedNow: null as CallRow | null, decidedLate: null };
    if (report.event === "started") {
      const rows = rowsOf(
        await tx.execute(sql`
          update public.calls set status = 'live', started_at = coalesce(started_at, ${(report.startedAt ?? report.at).toISOString()}),
            provider_call_id = coalesce(provider_call_id, ${report.providerCallId}), updated_at = ${now.toISOString()}
          where id = ${call.id} and status in ('queued', 'dialing') returning id`),
      );
      if (rows.length)
        await tx.execute(sql`update public.leads set status = 'calling', updated_at = ${now.toISOString()}
        where id = ${call.lead_id} and org_id = ${call.org_id} and status = 'queued'`);
      return { applied: rows.length > 0, callId: call.id, endedNow: null, decidedLate: null };
    }

    let applied = false;
    const result = report.result ?? "failed";
    const endedAt = report.endedAt ?? report.at;
    if (call.status !== "ended") {
      await tx.execute(sql`
        update public.calls set status = 'ended', result = ${result}, provider_reason = ${report.providerReason ?? null},
          ended_at = ${endedAt.toISOString()}, started_at = coalesce(started_at, ${report.startedAt?.toISOString() ?? null}::timestamptz),
          duration_seconds = ${report.durationSeconds ?? null}, cost_cents = ${report.costCents ?? null},
          transcript = coalesce(${report.transcript ?? null}, transcript),
          transcript_turns = coalesce(${turnsJson(report)}::jsonb, transcript_turns),
          agent_id = coalesce(${report.agentId ?? null}, agent_id),
          recording_url = coalesce(${report.recordingUrl ?? null}, recording_url),
          provider_call_id = coalesce(provider_call_id, ${report.providerCallId}), updated_at = ${now.toISOString()}
        where id = ${call.id}`);
      applied = true;
    }
    const previousOutcome = call.outcome;
    // An analysis that found nothing ("unknown") never erases what an in-call tool recorded
    // (booked, callback, do-not-call): the tool saw the conversation happen.
    const analyzed = report.event === "analyzed" ? (report.outcome ?? "unknown") : null;
    const newOutcome =
      analyzed === "unknown" && previousOutcome && previousOutcome !== "unknown" ? null : analyzed;
    if (newOutcome && previousOutcome !== newOutcome) {
      await tx.execute(sql`
        update public.calls set outcome = ${newOutcome},
          callback_at = coalesce(${report.callbackAt?.toISOString() ?? null}::timestamptz, callback_at),
          summary = ${report.summary ?? null}, transcript = coalesce(${report.transcript ?? null}, transcript),
          transcript_turns = coalesce(${turnsJson(report)}::jsonb, transcript_turns),
          analysis = ${report.analysis ? JSON.stringify(report.analysis) : null}::jsonb, updated_at = ${now.toISOString()}
        where id = ${call.id}`);
      applied = true;
    } else if (analyzed && !newOutcome) {
      // Keep the tool's outcome, but not at the cost of the analysis itself.
      const kept = rowsOf(
        await tx.execute(sql`
          update public.calls set summary = ${report.summary ?? null},
            transcript = coalesce(${report.transcript ?? null}, transcript),
            transcript_turns = coalesce(${turnsJson(report)}::jsonb, transcript_turns),
            analysis = ${report.analysis ? JSON.stringify(report.analysis) : null}::jsonb, updated_at = ${now.toISOString()}
          where id = ${call.id} and analysis is null and summary is null returning id`),
      );
      applied = applied || kept.length > 0;
    }
    const finalResult = call.result ?? result;
    const finalOutcome = newOutcome ?? previousOutcome;
    const finalEnded = toDate(call.ended_at) ?? endedAt;
    const finalCallback = report.callbackAt ?? toDate(call.callback_at);
    let endedNow: CallRow | null = null;
    let decidedLate: CallOutcome | null = null;
    if (!call.outcome_applied_at) {
      const marked = rowsOf(
        await tx.execute(sql`update public.calls set outcome_applied_at = ${now.toISOString()}
          where id = ${call.id} and outcome_applied_at is null returning id`),
      );
      if (marked.length) {
        await applyToLead(tx, call, finalResult, finalOutcome, finalCallback, finalEnded, now);
        endedNow = call;
        if (finalResult === "failed") await checkBreaker(tx, call, now);
      }
    } else if (
      newOutcome &&
      newOutcome !== "unknown" &&
      previousOutcome !== newOutcome &&
      (finalResult === "answered" || newOutcome === "do_not_call")
    ) {
      // The analysis came after the end was applied: a decisive outcome of a conversation still
      // decides the lead (an opt-out always does); an unanswered call has no conversation to decide.
      await applyToLead(tx, call, "answered", newOutcome, finalCallback, finalEnded, now);
      decidedLate = newOutcome;
    }
    return { applied, callId: call.id, endedNow, decidedLate };
  }, db);

  if (outcome.endedNow) {
    await queue.enqueue(
      { type: "tick", campaignId: outcome.endedNow.campaign_id },
      { dedupeId: `refill:${outcome.endedNow.id}` },
    );
  }
  // The follow-up email (docs/decisions/0005-email.md): when the lead is settled, and again when a decisive outcome
  // lands after the end; the job's dedupe keys send each email once.
  if (outcome.endedNow || outcome.decidedLate) {
    const callId = (outcome.endedNow?.id ?? outcome.callId) as string;
    await queue.enqueue(
      { type: "follow-up-call", callId },
      { dedupeId: `follow-up:${callId}:${outcome.decidedLate ?? "end"}` },
    );
  }
  return { applied: outcome.applied, callId: outcome.callId };
}
