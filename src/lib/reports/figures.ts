import type { Counts } from "@/lib/db/queries/reports";

/*
 * The report's figures from rollup counts. A rate or a cost per unit with nothing to divide by is
 * null ("—"), never 0. Rates over calls count ended calls only: a call still in flight has no
 * result yet, so it sits in "calls placed" and nowhere else until it ends.
 */

export type FigureKey =
  | "placed"
  | "connectedRate"
  | "voicemailRate"
  | "avgTalkSeconds"
  | "booked"
  | "bookingRate"
  | "spendCents"
  | "costPerMeetingCents"
  | "costPerConnectedMinuteCents"
  | "emailsSent"
  | "emailsDelivered"
  | "emailsBounced";

export type Figures = Record<FigureKey, number | null>;

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export function computeFigures(c: Counts): Figures {
  return {
    placed: c.placed,
    connectedRate: ratio(c.answered, c.ended),
    voicemailRate: ratio(c.voicemail, c.ended),
    avgTalkSeconds: ratio(c.talk_seconds, c.talk_calls),
    booked: c.booked,
    bookingRate: ratio(c.booked, c.answered),
    spendCents: c.cost_cents,
    costPerMeetingCents: ratio(c.cost_cents, c.booked),
    costPerConnectedMinuteCents: ratio(c.cost_cents, c.talk_seconds / 60),
    emailsSent: c.emails_sent,
    emailsDelivered: c.emails_delivered,
    emailsBounced: c.emails_bounced,
  };
}

/** Relative change from `previous` to `current`; null when either is unknown or the base is 0. */
export function change(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

/** The caveats a figure carries: simulated calls in it, calls not yet ended, calls with no cost. */
export type Caveats = { simulated: number; inFlight: number; uncosted: number; outboxed: number };

export function caveatsOf(c: Counts): Caveats {
  return {
    simulated: c.simulated,
    inFlight: c.in_flight,
    // Ended calls whose provider reported no cost: spend leaves them out.
    uncosted: Math.max(0, c.ended - c.costed),
    outboxed: c.emails_outboxed,
  };
}
