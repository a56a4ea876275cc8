import { CALL_RESULTS, type CallOutcome, type CallResult } from "@/lib/dialer/call-states";
import type { RetellDisconnectionReason } from "../retell/webhook-schema";

/*
 * What a simulated call will do, decided up front from a random source so tests can replay it
 * with a seed. Durations are in simulated (real-world) milliseconds; the adapter divides them by
 * the clock speed when it schedules the webhooks.
 */

export type Rng = () => number;

/** A small seeded generator (mulberry32): the same seed gives the same calls. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type OutcomeMix = Record<CallResult, number>;

export const DEFAULT_OUTCOME_MIX: OutcomeMix = {
  answered: 45,
  no_answer: 25,
  voicemail: 15,
  busy: 10,
  failed: 5,
};

/** What answered calls achieve, in percent. */
export const ANSWERED_OUTCOME_MIX: Record<CallOutcome, number> = {
  booked: 20,
  not_interested: 35,
  callback: 15,
  do_not_call: 5,
  unknown: 25,
};

/** Parses `answered=45,no_answer=25,...`; missing results weigh 0, a bad string gives the default. */
export function parseOutcomeMix(text: string | undefined): OutcomeMix {
  if (!text) return { ...DEFAULT_OUTCOME_MIX };
  const mix: OutcomeMix = { answered: 0, no_answer: 0, voicemail: 0, busy: 0, failed: 0 };
  for (const part of text.split(",")) {
    const [name, value] = part.split("=").map((s) => s.trim());
    const weight = Number(value);
    if (
      !name ||
      !(CALL_RESULTS as readonly string[]).includes(name) ||
      !Number.isFinite(weight) ||
      weight < 0
    ) {
      return { ...DEFAULT_OUTCOME_MIX };
    }
    mix[name as CallResult] = weight;
  }
  return Object.values(mix).some((w) => w > 0) ? mix : { ...DEFAULT_OUTCOME_MIX };
}

function pick<K extends string>(rng: Rng, weights: Record<K, number>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [key, w] of entries) {
    if (r < w) return key;
    r -= w;
  }
  return entries[entries.length - 1]![0];
}

const uniform = (rng: Rng, min: number, max: number) => min + rng() * (max - min);

/** Standard normal by Box-Muller. */
function normal(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export type SimulatedCallPlan = {
  result: CallResult;
  /** Retell's raw reason for that result. */
  disconnectionReason: RetellDisconnectionReason;
  /** Whether anything picked up (Retell sends `call_started` only then). */
  connected: boolean;
  /** Ringing before pick-up or before giving up (ms). */
  ringMs: number;
  /** Time connected (ms); 0 when not connected. */
  talkMs: number;
  /** For answered calls: what the conversation achieved. */
  outcome: CallOutcome | null;
  /** For outcome `callback`: hours after the call the lead asked to be called. */
  callbackInHours: number | null;
  /**
   * For outcome `booked`: which of the offered times the lead takes, as a fraction of the list
   * (0 = the first offered, just under 1 = the last).
   */
  slotPick: number | null;
};

const REASONS: Record<CallResult, RetellDisconnectionReason[]> = {
  answered: ["user_hangup", "agent_hangup", "agent_hangup"],
  no_answer: ["dial_no_answer"],
  busy: ["dial_busy"],
  voicemail: ["voicemail_reached"],
  failed: ["dial_failed", "error_unknown"],
};

/**
 * Plans one call: the result by `mix`, realistic lengths (answered: log-normal around 90 s,
 * clamped to 20-600 s; no answer rings 20-30 s; busy 3-8 s; voicemail 25-60 s; failed ~2 s), and
 * for answered calls an outcome with a callback some hours later or the offered time a booking
 * takes. Pure: same rng, same plan.
 */
export function planSimulatedCall(rng: Rng, mix: OutcomeMix = DEFAULT_OUTCOME_MIX): SimulatedCallPlan {
  const result = pick(rng, mix);
  const reasons = REASONS[result];
  const disconnectionReason = reasons[Math.floor(rng() * reasons.length)] ?? reasons[0]!;
  const base = { result, disconnectionReason, outcome: null, callbackInHours: null, slotPick: null };
  switch (result) {
    case "answered": {
      const talk = Math.min(600, Math.max(20, Math.exp(Math.log(90) + 0.6 * normal(rng))));
      const outcome = pick(rng, ANSWERED_OUTCOME_MIX);
      return {
        ...base,
        connected: true,
        ringMs: Math.round(uniform(rng, 4, 15) * 1000),
        talkMs: Math.round(talk * 1000),
        outcome,
        callbackInHours: outcome === "callback" ? Math.round(uniform(rng, 2, 48)) : null,
        // Drawn last, so adding it left every earlier draw (and so every seeded plan) as it was.
        slotPick: outcome === "booked" ? rng() : null,
      };
    }
    case "no_answer":
      return { ...base, connected: false, ringMs: Math.round(uniform(rng, 20, 30) * 1000), talkMs: 0 };
    case "busy":
      return { ...base, connected: false, ringMs: Math.round(uniform(rng, 3, 8) * 1000), talkMs: 0 };
    case "voicemail":
      // Retell connects to the machine (call_started), detects it, and hangs up.
      return {
        ...base,
        connected: true,
        ringMs: Math.round(uniform(rng, 8, 20) * 1000),
        talkMs: Math.round(uniform(rng, 25, 60) * 1000),
      };
    case "failed":
      return { ...base, connected: false, ringMs: Math.round(uniform(rng, 1.5, 2.5) * 1000), talkMs: 0 };
  }
}

const WALL = /\((\d{4}-\d{2}-\d{2})\): ([^;]+?)(?:;|\s\([^()]*\)$|$)/g;
const TIME = /^(\d{1,2}):(\d{2})\s*(AM|PM)$/i;

/**
 * The free times a `check_availability` answer offers, as wall times `YYYY-MM-DDTHH:mm` in the
 * lead's zone (the form `book_appointment` takes). The answer reads
 * "Free times: Tuesday Dec 8 (2026-12-08): 9:00 AM, 9:30 AM; Wednesday Dec 9 (2026-12-09): 10:00 AM (America/Chicago)".
 */
export function offeredTimes(answer: string): string[] {
  const times: string[] = [];
  for (const m of answer.matchAll(WALL)) {
    for (const t of m[2]!.split(",")) {
      const tm = TIME.exec(t.trim());
      if (!tm) continue;
      let hour = Number(tm[1]) % 12;
      if (tm[3]!.toUpperCase() === "PM") hour += 12;
      times.push(`${m[1]}T${String(hour).padStart(2, "0")}:${tm[2]}`);
    }
  }
  return times;
}

/** The offered time a plan's lead takes (null when nothing was offered). */
export function chooseTime(plan: Pick<SimulatedCallPlan, "slotPick">, offered: string[]): string | null {
  if (!offered.length) return null;
  const i = Math.min(offered.length - 1, Math.floor((plan.slotPick ?? 0) * offered.length));
  return offered[i] ?? null;
}
