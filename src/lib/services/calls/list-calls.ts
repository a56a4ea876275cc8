import { and, count, desc, eq, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { calls, campaigns, leads } from "@/lib/db/schema";
import { CALL_RESULTS } from "@/lib/dialer/call-states";
import type { Actor } from "../organizations/roles";

export const CALL_PAGE_SIZE = 25;

export const callListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  campaignId: z.uuid().optional().catch(undefined),
  result: z.enum(CALL_RESULTS).optional().catch(undefined),
  leadId: z.uuid().optional().catch(undefined),
  pageSize: z.coerce.number().int().min(1).max(100).catch(CALL_PAGE_SIZE),
});
export type CallListQuery = z.infer<typeof callListQuerySchema>;

/** One page of the organization's calls, newest first, with lead and campaign names (RLS applies). */
export async function listCalls({ tx, actor, query }: { tx: Tx; actor: Actor; query: CallListQuery }) {
  const where: SQL[] = [eq(calls.orgId, actor.orgId)];
  if (query.campaignId) where.push(eq(calls.campaignId, query.campaignId));
  if (query.leadId) where.push(eq(calls.leadId, query.leadId));
  if (query.result) where.push(eq(calls.result, query.result));
  const filter = and(...where);
  const [total] = await tx.select({ n: count() }).from(calls).where(filter);
  const totalCount = Number(total?.n ?? 0);
  const lastPage = Math.max(1, Math.ceil(totalCount / query.pageSize));
  const page = Math.min(query.page, lastPage);
  const rows = await tx
    .select({
      id: calls.id,
      leadId: calls.leadId,
      firstName: leads.firstName,
      lastName: leads.lastName,
      company: leads.company,
      phone: calls.toNumber,
      leadTimezone: leads.timezone,
      campaignId: calls.campaignId,
      campaignName: campaigns.name,
      status: calls.status,
      result: calls.result,
      outcome: calls.outcome,
      attemptNo: calls.attemptNo,
      durationSeconds: calls.durationSeconds,
      costCents: calls.costCents,
      provider: calls.provider,
      error: calls.error,
      queuedAt: calls.queuedAt,
      startedAt: calls.startedAt,
      endedAt: calls.endedAt,
    })
    .from(calls)
    .innerJoin(leads, eq(leads.id, calls.leadId))
    .innerJoin(campaigns, eq(campaigns.id, calls.campaignId))
    .where(filter)
    .orderBy(desc(calls.createdAt), desc(calls.id))
    .limit(query.pageSize)
    .offset((page - 1) * query.pageSize);
  return { rows, page, total: totalCount, pageSize: query.pageSize };
}
export type CallRow = Awaited<ReturnType<typeof listCalls>>["rows"][number];
