/** How long a trashed lead can be restored before the tick erases it for good. */
export const TRASH_RETENTION_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** When the tick erases a lead trashed at `deletedAt`. */
export function purgeAt(deletedAt: Date): Date {
  return new Date(deletedAt.getTime() + TRASH_RETENTION_DAYS * DAY_MS);
}

/** Whole days until the purge, rounded up (0 once it is due). */
export function daysUntilPurge(deletedAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((purgeAt(deletedAt).getTime() - now.getTime()) / DAY_MS));
}
