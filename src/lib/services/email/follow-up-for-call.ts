import type { CallOutcome, CallResult } from "@/lib/dialer/call-states";
import type { TemplateKind } from "@/lib/email/types";

export type FollowUpFacts = {
  result: CallResult | null;
  outcome: CallOutcome | null;
  /** The live (booked or pending) appointment this call made, if any. */
  appointmentId: string | null;
  /** The lead already got (or has queued) a missed-call note for an earlier call. */
  missedCallEarlier: boolean;
  /** The campaign's `disabled_email_kinds`. */
  disabledKinds: readonly string[];
  /** Kinds whose organization template is switched off (`email_templates.enabled = false`). */
  templatesOff: readonly string[];
};

export type FollowUp =
  /** The call earns nothing: no row is written (`why` is for logs and tests). */
  | { action: "none"; why: string }
  /** It earns `kind`, but it is switched off or cannot be sent: a skipped row records the reason. */
  | { action: "skip"; kind: TemplateKind; appointmentId: string | null; reason: string }
  | { action: "send"; kind: TemplateKind; appointmentId: string | null };

const MISSED: readonly CallResult[] = ["no_answer", "voicemail", "busy"];

/**
 * Which follow-up an ended call earns. Decisions:
 * - booked: a confirmation of the call's appointment. A booked outcome without an appointment row
 *   earns nothing yet: a confirmation without a time would mislead, and the booking may still be
 *   landing (a Cal.com webhook); the tick's sweep (queue-reminders.ts) confirms a call's
 *   appointment that has no confirmation once it exists.
 * - not_interested: the short goodbye.
 * - no answer, voicemail, busy: a missed-call note, at most once per lead (the first missed
 *   attempt): a note after every retry would nag. Later misses earn nothing.
 * - callback, do_not_call, unknown, failed, or an answered call still waiting for its analysis:
 *   nothing (a failed call never reached the lead; an opt-out must not be answered with mail).
 * - a kind the campaign disabled or whose template is off: skipped with the reason.
 */
export function followUpForCall(facts: FollowUpFacts): FollowUp {
  const earned = earnedKind(facts);
  if ("why" in earned) return { action: "none", why: earned.why };
  const { kind, appointmentId } = earned;
  if (facts.disabledKinds.includes(kind)) {
    return { action: "skip", kind, appointmentId, reason: "turned off for this campaign" };
  }
  if (facts.templatesOff.includes(kind)) {
    return { action: "skip", kind, appointmentId, reason: "template turned off" };
  }
  return { action: "send", kind, appointmentId };
}

function earnedKind(
  facts: FollowUpFacts,
): { kind: TemplateKind; appointmentId: string | null } | { why: string } {
  const { result, outcome } = facts;
  if (outcome === "booked") {
    if (!facts.appointmentId) return { why: "booked, but no appointment (yet)" };
    return { kind: "confirmation", appointmentId: facts.appointmentId };
  }
  if (outcome === "not_interested") return { kind: "not_interested", appointmentId: null };
  if (outcome === "callback" || outcome === "do_not_call") return { why: `outcome ${outcome}` };
  if (result && MISSED.includes(result)) {
    if (facts.missedCallEarlier) return { why: "missed-call note already sent for an earlier call" };
    return { kind: "missed_call", appointmentId: null };
  }
  if (result === null) return { why: "call not ended" };
  return { why: result === "answered" ? `answered, outcome ${outcome ?? "pending"}` : `result ${result}` };
}
