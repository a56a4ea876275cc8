import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { readChangeMarker } from "@/lib/db/queries/change-marker";

/** How far back the marker looks, rounded to this step so the window itself moves rarely. */
export const CHANGE_WINDOW_MS = 5 * 60_000;

export const changeMarkerQuerySchema = z.object({
  /** One campaign's page; without it, the whole organization (dashboard, calls log). */
  campaignId: z.uuid("campaign must be a campaign id").optional(),
});
export type ChangeMarkerQuery = z.infer<typeof changeMarkerQuerySchema>;

/**
 * The organization's change marker (RLS applies: another organization's calls count for nothing).
 * A page renders it with its data and polls it; when the polled value differs, the page's data
 * changed. It covers calls changed in the last 5 to 10 minutes: the window starts at the 5-minute
 * step before the last one, so it slides (and the marker with it) once per 5 minutes, not on every
 * poll. docs/decisions/0015-calls-log-live.md.
 */
export async function getChangeMarker({
  tx,
  orgId,
  query,
  now,
}: {
  tx: Tx;
  orgId: string;
  query: ChangeMarkerQuery;
  now: Date;
}): Promise<string> {
  const since = new Date(Math.floor(now.getTime() / CHANGE_WINDOW_MS) * CHANGE_WINDOW_MS - CHANGE_WINDOW_MS);
  const marker = await readChangeMarker(tx, { orgId, since, campaignId: query.campaignId });
  return `${since.getTime()}:${marker}`;
}
