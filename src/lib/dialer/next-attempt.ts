import type { CallOutcome, CallResult, RetryableResult } from "./call-states";
import { type CallingWindow, nextCallableAt } from "./calling-window";
import type { RetryPolicy } from "./campaign-settings";

const DAY_MS = 24 * 3_600_000;
const MINUTE_MS = 60_000;

/**
 * The earliest instant >= `from` at which the lead may be called: inside the campaign window in
 * every one of its zones, and with fewer than `maxAttemptsPerDay` calls in the 24 hours before it
 * (`callTimes`: when the lead's calls were placed). Null when the window never opens.
 */
export function nextAllowedAt({
  from,
  zones,
  window,
  maxAttemptsPerDay,
  callTimes,
}: {
  from: Date;
  zones: readonly string[];
  window: CallingWindow;
  maxAttemptsPerDay: number | null;
  callTimes: readonly Date[];
}): Date | null {
  const times = callTimes.map((d) => d.getTime()).sort((a, b) => a - b);
  let t = from.getTime();
  for (let i = 0; i < 20; i++) {
    const callable = nextCallableAt(new Date(t), zones, window, 15);
    if (!callable) return null;
    t = callable.getTime();
    if (!maxAttemptsPerDay || maxAttemptsPerDay <= 0) return callable;
    const inDay = times.filter((c) => c > t - DAY_MS && c <= t);
    if (inDay.length < maxAttemptsPerDay) return callable;
    // The cap frees up once the oldest of those calls is 24 hours old.
    t = (inDay[inDay.length - maxAttemptsPerDay] ?? inDay[0]!) + DAY_MS;
  }
  return null;
}

export type LeadDecision =
  | {
      status: "booked" | "not_interested" | "unreachable" | RetryableResult;
      nextAttemptAt: null;
      doNotCall: false;
    }
  | { status: "pending" | "callback"; nextAttemptAt: Date; doNotCall: false }
  | { status: "do_not_call"; nextAttemptAt: null; doNotCall: true };

/**
 * What an ended call means for its lead (common rules): a decisive outcome wins (booked,
 * not_interested, callback at the asked time, do-not-call); otherwise the result goes through the
 * retry policy (an answered call without a decisive outcome counts as no answer), until the
 * attempts run out.
 */
export function decideLead(input: {
  result: CallResult;
  outcome: CallOutcome | null;
  callbackAt: Date | null;
  endedAt: Date;
  attempts: number;
  maxAttempts: number;
  policy: RetryPolicy;
  zones: readonly string[];
  window: CallingWindow;
  maxAttemptsPerDay: number | null;
  callTimes: readonly Date[];
}): LeadDecision {
  const allowed = (from: Date) =>
    nextAllowedAt({
      from,
      zones: input.zones,
      window: input.window,
      maxAttemptsPerDay: input.maxAttemptsPerDay,
      callTimes: input.callTimes,
    });
  if (input.result === "answered" || input.outcome === "do_not_call") {
    switch (input.outcome) {
      case "booked":
        return { status: "booked", nextAttemptAt: null, doNotCall: false };
      case "not_interested":
        return { status: "not_interested", nextAttemptAt: null, doNotCall: false };
      case "do_not_call":
        return { status: "do_not_call", nextAttemptAt: null, doNotCall: true };
      case "callback": {
        // The lead asked for it: a callback does not use up the attempts budget check here.
        const asked = input.callbackAt ?? new Date(input.endedAt.getTime() + 60 * MINUTE_MS);
        const at = allowed(asked);
        if (at) return { status: "callback", nextAttemptAt: at, doNotCall: false };
        break;
      }
      default:
        break;
    }
  }
  const retryAs: RetryableResult = input.result === "answered" ? "no_answer" : input.result;
  const rule = input.policy[retryAs];
  if (input.attempts >= input.maxAttempts) {
    return { status: "unreachable", nextAttemptAt: null, doNotCall: false };
  }
  if (!rule.retry) return { status: retryAs, nextAttemptAt: null, doNotCall: false };
  const at = allowed(new Date(input.endedAt.getTime() + rule.delayMinutes * MINUTE_MS));
  if (!at) return { status: retryAs, nextAttemptAt: null, doNotCall: false };
  return { status: "pending", nextAttemptAt: at, doNotCall: false };
}
