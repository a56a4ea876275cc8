import { and, asc, eq, gt, ilike, inArray, like, type SQL, sql } from "drizzle-orm";
import type { CappedCount } from "@/lib/schemas/list";
import { rowsOf, type Tx } from "../client";
import { doNotCall, profiles } from "../schema";
import { countCapped } from "./capped-count";
import { descNullsLast } from "./order";

export type DoNotCallEntry = typeof doNotCall.$inferSelect;
export type DoNotCallSourceValue = DoNotCallEntry["source"];

export type DoNotCallInsertResult = {
  /** The numbers this statement put on the list (the others were there already). */
  added: string[];
  /** Leads the insert trigger moved to `do_not_call`, and how many campaigns they are in. */
  leadsMarked: number;
  campaignsMarked: number;
};

/**
 * Puts numbers on the list in one set-based statement: `on conflict (org_id, phone) do nothing`
 * keeps re-adding idempotent (the first entry's reason, source and author stay).
 *
 * The insert trigger `private.apply_do_not_call` marks the matching leads. It runs after this
 * whole statement, so the count below, taken in the same statement, still sees the leads as they
 * were: exactly the leads of newly listed numbers that the trigger is about to change.
 */
export async function insertDoNotCallEntries(
  tx: Tx,
  {
    orgId,
    entries,
    source,
    addedBy,
  }: {
    orgId: string;
    entries: { phone: string; reason: string | null }[];
    source: DoNotCallSourceValue;
    addedBy: string | null;
  },
): Promise<DoNotCallInsertResult> {
  if (entries.length === 0) return { added: [], leadsMarked: 0, campaignsMarked: 0 };
  // One JSON parameter instead of one parameter per value: Postgres caps a statement at 65,535.
  const payload = JSON.stringify(entries.map((e) => ({ phone: e.phone, reason: e.reason })));
  const [row] = rowsOf<{ added: string[] | null; leads_marked: number; campaigns_marked: number }>(
    await tx.execute(sql`
      with input as (
        select x.phone, x.reason from jsonb_to_recordset(${payload}::jsonb) as x(phone text, reason text)
      ),
      inserted as (
        insert into public.do_not_call (org_id, phone, reason, source, added_by)
        select ${orgId}::uuid, input.phone, input.reason, ${source}::public.dnc_source, ${addedBy}::uuid
        from input
        on conflict (org_id, phone) do nothing
        returning phone
      ),
      marked as (
        select l.campaign_id from public.leads l
        where l.org_id = ${orgId}::uuid and l.status <> 'do_not_call' and l.deleted_at is null
          and l.phone in (select phone from inserted)
      )
      select
        (select array_agg(phone order by phone) from inserted) as added,
        (select count(*) from marked)::int as leads_marked,
        (select count(distinct campaign_id) from marked)::int as campaigns_marked`),
  );
  return {
    added: row?.added ?? [],
    leadsMarked: Number(row?.leads_marked ?? 0),
    campaignsMarked: Number(row?.campaigns_marked ?? 0),
  };
}

/** The entries of these numbers that are on the list already. */
export async function findDoNotCallByPhones(tx: Tx, { orgId, phones }: { orgId: string; phones: string[] }) {
  if (phones.length === 0) return [];
  return tx
    .select({
      id: doNotCall.id,
      phone: doNotCall.phone,
      reason: doNotCall.reason,
      source: doNotCall.source,
      createdAt: doNotCall.createdAt,
      addedByEmail: profiles.email,
    })
    .from(doNotCall)
    .leftJoin(profiles, eq(profiles.id, doNotCall.addedBy))
    .where(and(eq(doNotCall.orgId, orgId), inArray(doNotCall.phone, phones)));
}

/**
 * Search by number (digits anywhere in the E.164 form, so "415 555" finds +14155550123) or, when
 * the search has no digits, by reason.
 */
function searchCondition(search: string | undefined): SQL | undefined {
  const text = search?.trim();
  if (!text) return undefined;
  const digits = text.replace(/\D/g, "");
  if (digits) return like(doNotCall.phone, `%${digits}%`);
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return ilike(doNotCall.reason, `%${escaped}%`);
}

/**
 * One page of the list, newest first, with who added each entry and how many leads it matches: the
 * page's entries off do_not_call_org_id_created_at_idx first, then only theirs.
 */
export async function listDoNotCall(
  tx: Tx,
  { orgId, search, limit, offset }: { orgId: string; search?: string; limit: number; offset: number },
) {
  const page = tx
    .select({
      id: doNotCall.id,
      orgId: doNotCall.orgId,
      phone: doNotCall.phone,
      reason: doNotCall.reason,
      source: doNotCall.source,
      createdAt: doNotCall.createdAt,
      addedBy: doNotCall.addedBy,
    })
    .from(doNotCall)
    .where(and(eq(doNotCall.orgId, orgId), searchCondition(search)))
    // An import adds many numbers at the same instant; they then read in number order.
    // do_not_call_org_id_created_at_idx is built in this order.
    .orderBy(descNullsLast(doNotCall.createdAt), asc(doNotCall.phone))
    .limit(limit)
    .offset(offset)
    .as("page");
  return tx
    .select({
      id: page.id,
      phone: page.phone,
      reason: page.reason,
      source: page.source,
      createdAt: page.createdAt,
      addedBy: page.addedBy,
      addedByEmail: profiles.email,
      // Uses leads_org_id_phone_idx; only the page's rows are counted, live leads only.
      matchingLeads: sql<number>`(select count(*) from public.leads l
        where l.org_id = ${page.orgId} and l.phone = ${page.phone} and l.deleted_at is null)::int`,
    })
    .from(page)
    .leftJoin(profiles, eq(profiles.id, page.addedBy))
    .orderBy(descNullsLast(page.createdAt), asc(page.phone));
}

/** Whether the organization's list has any entry at all. */
export async function hasDoNotCallEntries(tx: Tx, { orgId }: { orgId: string }): Promise<boolean> {
  const rows = await tx
    .select({ id: doNotCall.id })
    .from(doNotCall)
    .where(eq(doNotCall.orgId, orgId))
    .limit(1);
  return rows.length > 0;
}

/** How many entries match, up to the cap (`countCapped`). */
export async function countDoNotCall(
  tx: Tx,
  { orgId, search }: { orgId: string; search?: string },
): Promise<CappedCount> {
  return countCapped(
    tx,
    tx
      .select({ id: doNotCall.id })
      .from(doNotCall)
      .where(and(eq(doNotCall.orgId, orgId), searchCondition(search))),
  );
}

export async function getDoNotCallEntry(tx: Tx, { orgId, id }: { orgId: string; id: string }) {
  const [row] = await tx
    .select()
    .from(doNotCall)
    .where(and(eq(doNotCall.orgId, orgId), eq(doNotCall.id, id)));
  return row;
}

/** Deletes one entry; returns how many rows went (0 when RLS or the id kept it). */
export async function deleteDoNotCallEntry(tx: Tx, { orgId, id }: { orgId: string; id: string }) {
  const rows = await tx
    .delete(doNotCall)
    .where(and(eq(doNotCall.orgId, orgId), eq(doNotCall.id, id)))
    .returning({ id: doNotCall.id });
  return rows.length;
}

/** Live leads of the organization with this number, whatever their campaign or status. */
export async function countLeadsWithPhone(tx: Tx, { orgId, phone }: { orgId: string; phone: string }) {
  const [row] = rowsOf<{ total: number; marked: number }>(
    await tx.execute(sql`
      select count(*)::int as total, count(*) filter (where status = 'do_not_call')::int as marked
      from public.leads where org_id = ${orgId}::uuid and phone = ${phone} and deleted_at is null`),
  );
  return { total: Number(row?.total ?? 0), marked: Number(row?.marked ?? 0) };
}

/** Keyset batches of the whole list in number order, for the export. */
export async function listDoNotCallBatch(
  tx: Tx,
  { orgId, afterPhone, limit }: { orgId: string; afterPhone?: string; limit: number },
) {
  return tx
    .select({
      phone: doNotCall.phone,
      reason: doNotCall.reason,
      source: doNotCall.source,
      createdAt: doNotCall.createdAt,
      addedByEmail: profiles.email,
    })
    .from(doNotCall)
    .leftJoin(profiles, eq(profiles.id, doNotCall.addedBy))
    .where(
      and(eq(doNotCall.orgId, orgId), afterPhone === undefined ? undefined : gt(doNotCall.phone, afterPhone)),
    )
    .orderBy(asc(doNotCall.phone))
    .limit(limit);
}
