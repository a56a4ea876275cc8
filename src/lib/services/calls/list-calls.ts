import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { type CallListFilter, countCalls, findCallIdsMatching, listCallsPage } from "@/lib/db/queries/calls";
import { type CallFilter, callFilterSchema } from "@/lib/schemas/call-filters";
import { type CappedCount, LIST_COUNT_CAP, pageWithin } from "@/lib/schemas/list";
import type { Actor } from "../organizations/roles";

export const CALL_PAGE_SIZE = 25;

export const callListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  campaignId: z.uuid().optional().catch(undefined),
  result: callFilterSchema.shape.result.catch(undefined),
  leadId: z.uuid().optional().catch(undefined),
  pageSize: z.coerce.number().int().min(1).max(100).catch(CALL_PAGE_SIZE),
});
/** A page of calls and what narrows them (the calls log's filters; days in `zone`, the viewer's). */
export type CallListQuery = z.infer<typeof callListQuerySchema> & CallFilter & { zone?: string };

/**
 * One page of the organization's calls, newest first, with lead and campaign names (RLS applies),
 * and how many match, counted up to the cap (`capped`: there are more than `total`).
 */
export async function listCalls({ tx, actor, query }: { tx: Tx; actor: Actor; query: CallListQuery }) {
  const { orgId } = actor;
  const { page: asked, pageSize, ...asFiltered } = query;
  const { filter, total: known } = await narrowSearch(tx, { orgId, filter: asFiltered, cap: LIST_COUNT_CAP });
  const total = known ?? (await countCalls(tx, { orgId, filter }));
  const page = pageWithin(asked, total, pageSize);
  const rows = await listCallsPage(tx, { orgId, filter, limit: pageSize, offset: (page - 1) * pageSize });
  return { rows, page, total: total.count, capped: total.capped, pageSize };
}
export type CallRow = Awaited<ReturnType<typeof listCalls>>["rows"][number];

/**
 * A search's calls through the full-text index: up to `cap` + 1 matching ids first. Fewer than
 * that, and they narrow the filter (the count and the page read those calls only). More, and the
 * word is common: the count is known to pass the cap, and the page finds its rows walking the
 * organization's calls newest first, checking the search on each, which stops after a page of
 * matches (docs/decisions/0015-calls-log-live.md).
 */
export async function narrowSearch(
  tx: Tx,
  { orgId, filter, cap }: { orgId: string; filter: CallListFilter; cap: number },
): Promise<{ filter: CallListFilter; total?: CappedCount }> {
  if (!filter.q) return { filter };
  const ids = await findCallIdsMatching(tx, { orgId, q: filter.q, limit: cap + 1 });
  if (ids.length > cap) return { filter, total: { count: cap, capped: true } };
  return { filter: { ...filter, candidateIds: ids } };
}
