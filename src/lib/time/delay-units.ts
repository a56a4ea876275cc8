/** Units a retry delay is typed in; it is stored as minutes. */
export const DELAY_UNITS = { minutes: 1, hours: 60, days: 24 * 60 } as const;
export type DelayUnit = keyof typeof DELAY_UNITS;

/** The largest unit that shows `minutes` as a whole number: 1440 → 1 day, 90 → 90 minutes. */
export function splitDelay(minutes: number): { amount: number; unit: DelayUnit } {
  for (const unit of ["days", "hours"] as const) {
    if (minutes > 0 && minutes % DELAY_UNITS[unit] === 0)
      return { amount: minutes / DELAY_UNITS[unit], unit };
  }
  return { amount: minutes, unit: "minutes" };
}

/** Minutes for `amount` of `unit`, rounded to a whole minute (1.5 hours → 90). */
export function delayMinutes(amount: number, unit: DelayUnit): number {
  return Math.round(amount * DELAY_UNITS[unit]);
}

/** "4 hours", "1 day", "30 minutes". */
export function formatDelay(minutes: number): string {
  const { amount, unit } = splitDelay(minutes);
  return `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}`;
}
