import type { Database, Tx } from "@/lib/db/client";
import {
  type CallAnalysis,
  listCallTimesOfLead,
  lockCallForReport,
  markCallLive,
  markOutcomeApplied,
  type ReportedCall,
  recentCallFailures,
  recordCallAnalysis,
  recordCallEnd,
  recordCallOutcome,
} from "@/lib/db/queries/calls";
import { getCampaign, pauseActiveCampaign } from "@/lib/db/queries/campaigns";
import { insertDoNotCallEntries } from "@/lib/db/queries/do-not-call";
import {
  applyLeadDecision,
  getLeadRetryContext,
  markLeadCalling,
  markLeadDoNotCall,
} from "@/lib/db/queries/leads";
import { withService } from "@/lib/db/with-user";
import type { CallOutcome, CallResult } from "@/lib/dialer/call-states";
import { readRetryPolicy } from "@/lib/dialer/campaign-settings";
import { decideLead, type LeadDecision } from "@/lib/dialer/next-attempt";
import type { Queue } from "@/lib/integrations/queue/types";
import type { CallReport } from "@/lib/integrations/voice/types";
import { logger } from "@/lib/logger";
import { auditOptOut } from "../do-not-call/audit-opt-out";

async function findCall(tx: Tx, report: CallReport): Promise<ReportedCall | null> {
  const byId = report.callId && /^[0-9a-f-]{36}$/i.test(report.callId) ? report.callId : null;
  return lockCallForReport(tx, {
    callId: byId,
    provider: report.provider,
    providerCallId: report.providerCallId,
  });
}

const analysisOf = (report: CallReport): CallAnalysis => ({
  summary: report.summary ?? null,
  transcript: report.transcript ?? null,
  transcriptTurns: report.transcriptTurns,
  analysis: report.analysis ?? null,
});

/** Applies the lead decision for an ended call. */
async function applyToLead(
  tx: Tx,
  call: ReportedCall,
  result: CallResult,
  outcome: CallOutcome | null,
  callbackAt: Date | null,
  endedAt: Date,
  now: Date,
) {
  const ids = { orgId: call.orgId, leadId: call.leadId };
  const ctx = await getLeadRetryContext(tx, ids);
  if (!ctx) return null;
  const times = await listCallTimesOfLead(tx, ids);
  const zones = [ctx.timezone, ...(ctx.timezoneCandidates ?? []).filter((z) => z !== ctx.timezone)];
  const decision: LeadDecision = decideLead({
    result,
    outcome,
    callbackAt,
    endedAt,
    attempts: ctx.attempts,
    maxAttempts: ctx.maxAttempts,
    policy: readRetryPolicy(ctx.retryPolicy),
    zones,
    window: {
      days: ctx.callingDays,
      startMinute: ctx.callingStartMinute,
      endMinute: ctx.callingEndMinute,
    },
    maxAttemptsPerDay: ctx.maxAttemptsPerDay,
    callTimes: times,
  });
  if (decision.doNotCall) {
    // The trigger on do_not_call marks every lead with this phone in the organization.
    const inserted = await insertDoNotCallEntries(tx, {
      orgId: call.orgId,
      entries: [{ phone: ctx.phone, reason: "Asked not to be called again (call)" }],
      source: "call",
      addedBy: null,
    });
    if (inserted.added.length > 0) await auditOptOut(tx, call.orgId, call.id, inserted.leadsMarked);
    await markLeadDoNotCall(tx, { ...ids, now });
    return decision;
  }
  const updated = await applyLeadDecision(tx, {
    ...ids,
    attemptNo: call.attemptNo,
    status: decision.status,
    nextAttemptAt: decision.nextAttemptAt,
    now,
  });
  if (!updated) logger.info("dialer: lead not updated by an earlier call's report", { callId: call.id });
  return decision;
}

/** Pauses the campaign when too many of its last ended calls failed. */
async function checkBreaker(tx: Tx, call: ReportedCall, now: Date): Promise<boolean> {
  const c = await getCampaign(tx, { orgId: call.orgId, campaignId: call.campaignId });
  if (!c || c.breakerFailurePercent === null || c.status !== "active") return false;
  const stats = await recentCallFailures(tx, {
    orgId: call.orgId,
    campaignId: call.campaignId,
    window: c.breakerWindow,
  });
  if (stats.total < c.breakerWindow) return false;
  if (stats.failed * 100 < c.breakerFailurePercent * stats.total) return false;
  await pauseActiveCampaign(tx, {
    campaignId: call.campaignId,
    now,
    reason: `Paused automatically: ${stats.failed} of the last ${stats.total} calls failed.`,
  });
  logger.warn("dialer: failure breaker paused campaign", {
    campaignId: call.campaignId,
    failed: stats.failed,
  });
  return true;
}

/** What applying a report did, and what it leaves to queue once its transaction commits. */
export type AppliedCallReport = {
  applied: boolean;
  callId: string | null;
  /** The call ended with this report: its slot is free (refill) and its lead settled (follow-up). */
  endedNow: ReportedCall | null;
  /** A decisive outcome landed after the end was applied: the follow-up is decided again. */
  decidedLate: CallOutcome | null;
};

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
  const outcome = await withService((tx) => applyCallReport(tx, { report, now }), db);
  await queueAfterReport(queue, outcome);
  return { applied: outcome.applied, callId: outcome.callId };
}

/**
 * `recordCallReport`'s writes, inside the caller's service-role transaction (the webhook apply
 * job holds its event's lock in the same one). Nothing is queued here: pass the result to
 * `queueAfterReport` once the transaction has committed.
 */
export async function applyCallReport(
  tx: Tx,
  { report, now }: { report: CallReport; now: Date },
): Promise<AppliedCallReport> {
  const call = await findCall(tx, report);
  if (!call) return { applied: false, callId: null, endedNow: null, decidedLate: null };
  if (report.event === "started") {
    const live = await markCallLive(tx, {
      callId: call.id,
      startedAt: report.startedAt ?? report.at,
      providerCallId: report.providerCallId,
      now,
    });
    if (live) await markLeadCalling(tx, { orgId: call.orgId, leadId: call.leadId, now });
    return { applied: live, callId: call.id, endedNow: null, decidedLate: null };
  }

  let applied = false;
  const result = report.result ?? "failed";
  const endedAt = report.endedAt ?? report.at;
  if (call.status !== "ended") {
    await recordCallEnd(tx, {
      callId: call.id,
      now,
      end: {
        result,
        providerReason: report.providerReason ?? null,
        endedAt,
        startedAt: report.startedAt ?? null,
        durationSeconds: report.durationSeconds ?? null,
        costCents: report.costCents ?? null,
        transcript: report.transcript ?? null,
        transcriptTurns: report.transcriptTurns,
        agentId: report.agentId ?? null,
        recordingUrl: report.recordingUrl ?? null,
        providerCallId: report.providerCallId,
      },
    });
    applied = true;
  }
  const previousOutcome = call.outcome;
  // An analysis that found nothing ("unknown") never erases what an in-call tool recorded
  // (booked, callback, do-not-call): the tool saw the conversation happen.
  const analyzed = report.event === "analyzed" ? (report.outcome ?? "unknown") : null;
  const newOutcome =
    analyzed === "unknown" && previousOutcome && previousOutcome !== "unknown" ? null : analyzed;
  if (newOutcome && previousOutcome !== newOutcome) {
    await recordCallOutcome(tx, {
      callId: call.id,
      now,
      outcome: newOutcome,
      callbackAt: report.callbackAt ?? null,
      analysis: analysisOf(report),
    });
    applied = true;
  } else if (analyzed) {
    // Keep the tool's outcome (or the same one the analysis found again: a booking the agent made
    // during the call), but not at the cost of the analysis itself: its summary.
    const kept = await recordCallAnalysis(tx, { callId: call.id, now, analysis: analysisOf(report) });
    applied = applied || kept;
  }
  const finalResult = call.result ?? result;
  const finalOutcome = newOutcome ?? previousOutcome;
  const finalEnded = call.endedAt ?? endedAt;
  const finalCallback = report.callbackAt ?? call.callbackAt;
  let endedNow: ReportedCall | null = null;
  let decidedLate: CallOutcome | null = null;
  if (!call.outcomeAppliedAt) {
    if (await markOutcomeApplied(tx, { callId: call.id, now })) {
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
}

/**
 * What an applied report sets going, as jobs (never inline): the refill tick of the call's
 * campaign once its slot is free, and the follow-up email when the lead is settled, and again when
 * a decisive outcome lands after the end (docs/decisions/0005-email.md). The dedupe ids make each
 * happen once per call.
 */
export async function queueAfterReport(queue: Queue, outcome: AppliedCallReport): Promise<void> {
  if (outcome.endedNow) {
    await queue.enqueue(
      { type: "tick", campaignId: outcome.endedNow.campaignId },
      { dedupeId: `refill:${outcome.endedNow.id}` },
    );
  }
  if (outcome.endedNow || outcome.decidedLate) {
    const callId = (outcome.endedNow?.id ?? outcome.callId) as string;
    await queue.enqueue(
      { type: "follow-up-call", callId },
      { dedupeId: `follow-up:${callId}:${outcome.decidedLate ?? "end"}` },
    );
  }
}
