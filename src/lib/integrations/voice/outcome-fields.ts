import { CALL_OUTCOMES, type CallOutcome } from "@/lib/dialer/call-states";

/**
 * The structured fields every shipped agent is asked to fill after a call, whatever the provider
 * (Retell `custom_analysis_data`, Vapi `analysis.structuredData`):
 * - `outcome`: one of `booked | not_interested | callback | do_not_call` (anything else, or
 *   nothing, is `unknown`);
 * - `callback_at`: for `callback`, the agreed time as an ISO 8601 instant.
 */
export type OutcomeFields = { outcome: CallOutcome; callbackAt: Date | null };

const DECISIVE = new Set<string>(CALL_OUTCOMES.filter((o) => o !== "unknown"));

/** The outcome and callback time from a provider's post-call structured data; never throws. */
export function outcomeFromFields(fields: Record<string, unknown> | null | undefined): OutcomeFields {
  const raw = typeof fields?.outcome === "string" ? fields.outcome.trim().toLowerCase() : "";
  const outcome = (DECISIVE.has(raw) ? raw : "unknown") as CallOutcome;
  let callbackAt: Date | null = null;
  if (outcome === "callback" && typeof fields?.callback_at === "string") {
    const d = new Date(fields.callback_at);
    if (Number.isFinite(d.getTime())) callbackAt = d;
  }
  return { outcome, callbackAt };
}
