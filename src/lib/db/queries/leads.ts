import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lte, type SQL, sql } from "drizzle-orm";
import {
  LEAD_COUNT_CAP,
  LEAD_PAGE_SIZE,
  type LeadFilter,
  type LeadSelection,
  type LeadSort,
  type SortDir,
} from "@/lib/schemas/lead";
import type { CappedCount } from "@/lib/schemas/list";
import { rowsOf, type Tx } from "../client";
import { campaigns, doNotCall, leadEvents, leadImports, leads, profiles } from "../schema";
import { countCapped } from "./capped-count";
import { containsPattern } from "./like";
import { descNullsLast, onDescIndex } from "./order";

export type Lead = typeof leads.$inferSelect;

/**
 * The ILIKE pattern for a search box entry, matched against `search_text` (names, company, email
 * and the E.164 phone; pg_trgm-indexed, reached through `findCandidateLeadIds`). Something that
 * looks like a phone number, "(415) 555-0123", is reduced to its digits so it finds "+14155550123".
 */
export function leadSearchPattern(q: string | undefined): string | undefined {
  const term = q?.trim().toLowerCase();
  if (!term) return undefined;
  const digits = term.replace(/\D/g, "");
  if (digits.length >= 3 && /^[\d\s()+.\-/]+$/.test(term)) return `%${digits}%`;
  return containsPattern(term);
}

/**
 * The filter, sort and page as `private.lead_ids_page` takes them (see that migration,
 * 20261208150000_lead_search_pages.sql): the whole filter, run by the function's owner.
 */
function leadIdsPageCall(
  orgId: string,
  filter: LeadFilter,
  page: { sort: LeadSort; dir: SortDir; walk: boolean } | null,
  limit: number,
  offset: number,
): SQL {
  const statuses = filter.statuses?.length ? filter.statuses.join(",") : null;
  return sql`private.lead_ids_page(
    ${orgId}::uuid, ${leadSearchPattern(filter.q) ?? null}::text,
    string_to_array(${statuses}::text, ',')::public.lead_status[],
    ${filter.campaignId ?? null}::uuid, ${filter.timezone ?? null}::text,
    ${filter.attemptsMin ?? null}::int, ${filter.attemptsMax ?? null}::int, ${filter.consent ?? null}::text,
    ${page?.sort ?? null}::text, ${page?.dir ?? null}::text, ${limit}::int, ${offset}::int, ${page?.walk ?? false}::boolean)`;
}

/** Whether the filter searches or picks statuses: under RLS neither can reach its index. */
export function narrowsThroughLeadIndexes(filter: LeadFilter): boolean {
  return Boolean(filter.q?.trim() || filter.statuses?.length);
}

/**
 * The ids of one page of leads matching the filter, in the page's order, found by the function's
 * owner (`private.lead_ids_page`). Under RLS a search's LIKE and a status's enum equality are not
 * leakproof, so the planner may neither use their indexes nor read their statistics: it takes
 * "example.com" for a rare term and reads and sorts every lead. `walk` (the count reached the
 * cap, so matches are many): walk the sort's index first, keeping matches.
 */
export async function findLeadPageIds(
  tx: Tx,
  {
    orgId,
    filter,
    sort,
    dir,
    page,
    walk,
    pageSize = LEAD_PAGE_SIZE,
  }: {
    orgId: string;
    filter: LeadFilter;
    sort: LeadSort;
    dir: SortDir;
    page: number;
    walk: boolean;
    pageSize?: number;
  },
): Promise<string[]> {
  const call = leadIdsPageCall(orgId, filter, { sort, dir, walk }, pageSize, (page - 1) * pageSize);
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`select id from ${call} as id`));
  return rows.map((r) => r.id);
}

/** `countLeadsCapped` through `private.lead_ids_page`, for the filters `findLeadPageIds` serves. */
export async function countLeadIdsCapped(
  tx: Tx,
  { orgId, filter, cap = LEAD_COUNT_CAP }: { orgId: string; filter: LeadFilter; cap?: number },
): Promise<CappedCount> {
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(
      sql`select count(*)::int as n from ${leadIdsPageCall(orgId, filter, null, cap + 1, 0)} as id`,
    ),
  );
  const n = Number(row?.n ?? 0);
  return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
}

/**
 * The WHERE conditions of a filter, over live leads (not in the trash). The explicit org_id keeps
 * every plan on an org-first index, and the literal `deleted_at is null` on the partial ones.
 * `candidateIds` (from `findCandidateLeadIds`, when it found them all) narrow the query further.
 */
export function leadFilterConditions(orgId: string, filter: LeadFilter, candidateIds?: string[]): SQL[] {
  const conditions: SQL[] = [eq(leads.orgId, orgId), isNull(leads.deletedAt)];
  if (candidateIds) {
    // One text parameter rather than thousands of bind parameters, the same on both drivers.
    conditions.push(sql`${leads.id} = any(string_to_array(${candidateIds.join(",")}::text, ',')::uuid[])`);
  }
  if (filter.campaignId) conditions.push(eq(leads.campaignId, filter.campaignId));
  if (filter.statuses?.length) conditions.push(inArray(leads.status, filter.statuses));
  if (filter.timezone) conditions.push(eq(leads.timezone, filter.timezone));
  if (filter.attemptsMin !== undefined) conditions.push(gte(leads.attempts, filter.attemptsMin));
  if (filter.attemptsMax !== undefined) conditions.push(lte(leads.attempts, filter.attemptsMax));
  if (filter.consent === "yes") conditions.push(eq(leads.consent, true));
  if (filter.consent === "no") conditions.push(eq(leads.consent, false));
  if (filter.consent === "unknown") conditions.push(isNull(leads.consent));
  const pattern = leadSearchPattern(filter.q);
  // search_text is lowercase: LIKE on the lowered pattern finds what ILIKE found, without case
  // folding every lead it reads (a third of the cost per row).
  if (pattern) conditions.push(sql`${leads.searchText} like lower(${pattern}::text)`);
  return conditions;
}

/**
 * A bulk action's rows, live leads only. By filter it is plain ILIKE: always exact, and a bulk
 * write may take a second.
 */
function selectionCondition(orgId: string, selection: LeadSelection): SQL {
  const conditions =
    selection.mode === "ids"
      ? [eq(leads.orgId, orgId), isNull(leads.deletedAt), inArray(leads.id, selection.ids)]
      : leadFilterConditions(orgId, selection.filter);
  return and(...conditions) as SQL;
}

/**
 * ORDER BY per sort key, each served by an org-first index, always ending in a unique column so
 * pages never overlap. Status reverses its tie-break with the direction so one index scan,
 * forward or backward, serves both; a lead never called counts as the oldest call.
 */
function orderBy(sort: LeadSort, dir: SortDir): SQL[] {
  const by = dir === "asc" ? asc : desc;
  const reverse: SortDir = dir === "asc" ? "desc" : "asc";
  switch (sort) {
    case "created":
      return [onDescIndex(leads.createdAt, dir), onDescIndex(leads.id, dir)];
    case "name":
      return [by(leads.lastName), by(leads.firstName), by(leads.id)];
    case "status":
      return [by(leads.status), onDescIndex(leads.createdAt, reverse), onDescIndex(leads.id, reverse)];
    case "company":
      return [by(leads.company), by(leads.id)];
    case "attempts":
      return [by(leads.attempts), by(leads.id)];
    case "lastCalled":
      return [onDescIndex(leads.lastCalledAt, dir), onDescIndex(leads.id, dir)];
    case "timezone":
      return [by(leads.timezone), by(leads.id)];
  }
}

/** A lead as the app and API callers see it: every column but internals (org, import, search text). */
export const leadColumns = {
  id: leads.id,
  campaignId: leads.campaignId,
  phone: leads.phone,
  phoneExtension: leads.phoneExtension,
  firstName: leads.firstName,
  lastName: leads.lastName,
  company: leads.company,
  email: leads.email,
  timezone: leads.timezone,
  timezoneSource: leads.timezoneSource,
  timezoneCandidates: leads.timezoneCandidates,
  consent: leads.consent,
  consentSource: leads.consentSource,
  consentAt: leads.consentAt,
  customFields: leads.customFields,
  status: leads.status,
  attempts: leads.attempts,
  nextAttemptAt: leads.nextAttemptAt,
  lastCalledAt: leads.lastCalledAt,
  createdAt: leads.createdAt,
  updatedAt: leads.updatedAt,
};

/** The columns the lead table shows: custom fields (up to 50 per lead) stay on the lead's page. */
const { customFields: _customFields, updatedAt: _updatedAt, ...listColumns } = leadColumns;
export type LeadListRow = { [K in keyof typeof listColumns]: Lead[K] };

/** One page of an organization's leads. */
export async function listLeadsPage(
  tx: Tx,
  {
    orgId,
    filter,
    sort,
    dir,
    page,
    pageSize = LEAD_PAGE_SIZE,
    candidateIds,
  }: {
    orgId: string;
    filter: LeadFilter;
    sort: LeadSort;
    dir: SortDir;
    page: number;
    pageSize?: number;
    candidateIds?: string[];
  },
): Promise<LeadListRow[]> {
  return tx
    .select(listColumns)
    .from(leads)
    .where(and(...leadFilterConditions(orgId, filter, candidateIds)))
    .orderBy(...orderBy(sort, dir))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
}

/** How many leads match, up to the cap (`countCapped`); beyond it the table says "10,000+". */
export async function countLeadsCapped(
  tx: Tx,
  {
    orgId,
    filter,
    cap = LEAD_COUNT_CAP,
    candidateIds,
  }: { orgId: string; filter: LeadFilter; cap?: number; candidateIds?: string[] },
): Promise<CappedCount> {
  const matching = tx
    .select({ one: sql`1`.as("one") })
    .from(leads)
    .where(and(...leadFilterConditions(orgId, filter, candidateIds)));
  return countCapped(tx, matching, cap);
}

/** The exact number of matching leads; only when a person asks to act on all of them. */
export async function countLeads(tx: Tx, { orgId, filter }: { orgId: string; filter: LeadFilter }) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(leads)
    .where(and(...leadFilterConditions(orgId, filter)));
  return Number(row?.n ?? 0);
}

/** Campaign ids and names for the lead table's filter and "move to" menus (no lead counts). */
export async function listCampaignOptions(tx: Tx, { orgId }: { orgId: string }) {
  return tx
    .select({ id: campaigns.id, name: campaigns.name })
    .from(campaigns)
    .where(eq(campaigns.orgId, orgId))
    .orderBy(asc(campaigns.name));
}

/** Whether the organization has a live lead at all. */
export async function hasLeads(tx: Tx, { orgId }: { orgId: string }): Promise<boolean> {
  const rows = await tx
    .select({ id: leads.id })
    .from(leads)
    .where(and(eq(leads.orgId, orgId), isNull(leads.deletedAt)))
    .limit(1);
  return rows.length > 0;
}

/** A live lead (one in the trash is not found). */
export async function getLead(tx: Tx, { orgId, leadId }: { orgId: string; leadId: string }) {
  const [row] = await tx
    .select()
    .from(leads)
    .where(and(eq(leads.orgId, orgId), eq(leads.id, leadId), isNull(leads.deletedAt)));
  return row;
}

/**
 * A lead with its campaign's name and the import it came from, in the trash or not (the service
 * decides who may see a trashed one), with who trashed it.
 */
export async function getLeadWithSource(tx: Tx, { orgId, leadId }: { orgId: string; leadId: string }) {
  const [row] = await tx
    .select({
      lead: leads,
      campaignName: campaigns.name,
      importFileName: leadImports.fileName,
      importCreatedAt: leadImports.createdAt,
      deletedByName: profiles.fullName,
      deletedByEmail: profiles.email,
    })
    .from(leads)
    .innerJoin(campaigns, eq(campaigns.id, leads.campaignId))
    .leftJoin(leadImports, eq(leadImports.id, leads.importId))
    .leftJoin(profiles, eq(profiles.id, leads.deletedBy))
    .where(and(eq(leads.orgId, orgId), eq(leads.id, leadId)));
  return row;
}

/** A lead's history (written by triggers), newest first, with who did it. */
export async function listLeadEvents(
  tx: Tx,
  { orgId, leadId, limit = 200 }: { orgId: string; leadId: string; limit?: number },
) {
  return tx
    .select({
      id: leadEvents.id,
      type: leadEvents.type,
      fromStatus: leadEvents.fromStatus,
      toStatus: leadEvents.toStatus,
      data: leadEvents.data,
      createdAt: leadEvents.createdAt,
      actorName: profiles.fullName,
      actorEmail: profiles.email,
    })
    .from(leadEvents)
    .leftJoin(profiles, eq(profiles.id, leadEvents.actorId))
    .where(and(eq(leadEvents.orgId, orgId), eq(leadEvents.leadId, leadId)))
    .orderBy(descNullsLast(leadEvents.createdAt), descNullsLast(leadEvents.id))
    .limit(limit);
}

export type LeadChanges = Pick<
  typeof leads.$inferInsert,
  | "firstName"
  | "lastName"
  | "company"
  | "email"
  | "timezone"
  | "timezoneSource"
  | "timezoneCandidates"
  | "consent"
  | "consentSource"
  | "consentAt"
  | "customFields"
>;

export async function updateLeadFields(
  tx: Tx,
  { orgId, leadId, changes }: { orgId: string; leadId: string; changes: LeadChanges },
): Promise<Lead | undefined> {
  const [row] = await tx
    .update(leads)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(leads.orgId, orgId), eq(leads.id, leadId), isNull(leads.deletedAt)))
    .returning();
  return row;
}

/**
 * Moves the selected live leads to the trash in one statement: nothing is removed, every list,
 * count and the dialer stop seeing them, and an admin can restore them (`restoreLeads`).
 */
export async function trashLeads(
  tx: Tx,
  { orgId, selection, actorId, now }: { orgId: string; selection: LeadSelection; actorId: string; now: Date },
) {
  const [row] = rowsOf<{ deleted: number }>(
    await tx.execute(sql`
      with trashed as (
        update ${leads} set deleted_at = ${now.toISOString()}::timestamptz, deleted_by = ${actorId}::uuid,
          updated_at = ${now.toISOString()}::timestamptz
        where ${selectionCondition(orgId, selection)}
        returning 1
      )
      select count(*)::int as deleted from trashed`),
  );
  return { deleted: Number(row?.deleted ?? 0) };
}

/** Which trashed leads a restore or erase names: some by id, or the whole trash. */
export type TrashSelection = { mode: "ids"; ids: string[] } | { mode: "all" };

function trashCondition(orgId: string, selection: TrashSelection): SQL {
  const where = sql`l.org_id = ${orgId}::uuid and l.deleted_at is not null`;
  return selection.mode === "all"
    ? where
    : sql`${where} and l.id = any(string_to_array(${selection.ids.join(",")}::text, ',')::uuid[])`;
}

/**
 * Takes the selected leads out of the trash in one statement. A lead whose number its campaign
 * has again as a live lead (re-imported since, or restored already) stays in the trash and is
 * counted as a conflict: a campaign has each number once. Of several trashed leads with one
 * number in one campaign, the one trashed last comes back.
 */
export async function restoreLeads(
  tx: Tx,
  { orgId, selection, now }: { orgId: string; selection: TrashSelection; now: Date },
) {
  const [row] = rowsOf<{ matched: number; restored: number }>(
    await tx.execute(sql`
      with selected as (
        select l.id, l.campaign_id, l.phone, l.deleted_at from public.leads l
        where ${trashCondition(orgId, selection)}
      ),
      restorable as (
        select distinct on (s.campaign_id, s.phone) s.id
        from selected s
        where not exists (
          select 1 from public.leads t
          where t.org_id = ${orgId}::uuid and t.campaign_id = s.campaign_id and t.phone = s.phone
            and t.deleted_at is null)
        order by s.campaign_id, s.phone, s.deleted_at desc, s.id
      ),
      restored as (
        update public.leads l set deleted_at = null, deleted_by = null, updated_at = ${now.toISOString()}::timestamptz
        from restorable r
        where l.id = r.id and l.org_id = ${orgId}::uuid
        returning 1
      )
      select (select count(*) from selected)::int as matched, (select count(*) from restored)::int as restored`),
  );
  const matched = Number(row?.matched ?? 0);
  const restored = Number(row?.restored ?? 0);
  return { matched, restored, conflicts: matched - restored };
}

/** Ids of the selected trashed leads (an erase's rows), at most `limit`. */
export async function findTrashedLeadIds(
  tx: Tx,
  { orgId, selection, limit }: { orgId: string; selection: TrashSelection; limit: number },
): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`
      select l.id from public.leads l where ${trashCondition(orgId, selection)}
      order by l.deleted_at, l.id limit ${limit}`),
  );
  return rows.map((r) => r.id);
}

export type TrashedLeadRow = Pick<
  Lead,
  "id" | "campaignId" | "phone" | "firstName" | "lastName" | "company" | "email" | "status"
> & {
  deletedAt: Date;
  campaignName: string;
  deletedByName: string | null;
  deletedByEmail: string | null;
};

/**
 * One page of the trash, most recently trashed first: the page's leads off leads_trash_idx first,
 * then only their campaigns and who trashed them (see `listCallsPage`).
 */
export async function listTrashedLeads(
  tx: Tx,
  { orgId, limit, offset }: { orgId: string; limit: number; offset: number },
): Promise<TrashedLeadRow[]> {
  const page = tx
    .select({
      id: leads.id,
      campaignId: leads.campaignId,
      phone: leads.phone,
      firstName: leads.firstName,
      lastName: leads.lastName,
      company: leads.company,
      email: leads.email,
      status: leads.status,
      deletedAt: leads.deletedAt,
      deletedBy: leads.deletedBy,
    })
    .from(leads)
    .where(and(eq(leads.orgId, orgId), isNotNull(leads.deletedAt)))
    .orderBy(descNullsLast(leads.deletedAt), descNullsLast(leads.id))
    .limit(limit)
    .offset(offset)
    .as("page");
  const rows = await tx
    .select({
      id: page.id,
      campaignId: page.campaignId,
      phone: page.phone,
      firstName: page.firstName,
      lastName: page.lastName,
      company: page.company,
      email: page.email,
      status: page.status,
      deletedAt: page.deletedAt,
      campaignName: campaigns.name,
      deletedByName: profiles.fullName,
      deletedByEmail: profiles.email,
    })
    .from(page)
    .innerJoin(campaigns, eq(campaigns.id, page.campaignId))
    .leftJoin(profiles, eq(profiles.id, page.deletedBy))
    .orderBy(descNullsLast(page.deletedAt), descNullsLast(page.id));
  return rows.map((r) => ({ ...r, deletedAt: r.deletedAt ?? new Date(0) }));
}

/** How many leads are in the trash, up to the cap (`countCapped`). */
export async function countTrashedLeads(tx: Tx, { orgId }: { orgId: string }): Promise<CappedCount> {
  return countCapped(
    tx,
    tx
      .select({ id: leads.id })
      .from(leads)
      .where(and(eq(leads.orgId, orgId), isNotNull(leads.deletedAt))),
  );
}

/** What resetting the selected leads would do, counted before asking (`resetLeads` does the same). */
export type ResetPreview = {
  matched: number;
  /** Would go back to pending (booked ones only with `includeBooked`). */
  willReset: number;
  /** Leads that booked a meeting: skipped unless explicitly included. */
  booked: number;
  /** On the do-not-call list (by status or number): always skipped. */
  doNotCall: number;
  /** Waiting for a callback the lead asked for: reset drops the agreed time. */
  callback: number;
  /** In a call right now: left to the dialer. */
  inCall: number;
};

// One definition of which selected lead is skipped why, shared by the preview and the reset.
const resetSelected = (orgId: string, selection: LeadSelection) => sql`
  select ${leads.id} as id, ${leads.status} as status,
         ${leads.status} = 'do_not_call'
           or exists (select 1 from ${doNotCall} d where d.org_id = ${leads.orgId} and d.phone = ${leads.phone}) as blocked
  from ${leads}
  where ${selectionCondition(orgId, selection)}`;
const resetSkips = (includeBooked: boolean) =>
  sql`(s.blocked or s.status in ('calling', 'queued') or (s.status = 'booked' and not ${includeBooked}))`;

export async function previewResetLeads(
  tx: Tx,
  { orgId, selection, includeBooked }: { orgId: string; selection: LeadSelection; includeBooked: boolean },
): Promise<ResetPreview> {
  const [row] = rowsOf<ResetPreview>(
    await tx.execute(sql`
      with selected as (${resetSelected(orgId, selection)})
      select count(*)::int as matched,
             count(*) filter (where not ${resetSkips(includeBooked)})::int as "willReset",
             count(*) filter (where status = 'booked' and not blocked)::int as booked,
             count(*) filter (where blocked)::int as "doNotCall",
             count(*) filter (where status = 'callback' and not blocked)::int as callback,
             count(*) filter (where status in ('calling', 'queued') and not blocked)::int as "inCall"
      from selected s`),
  );
  return row ?? { matched: 0, willReset: 0, booked: 0, doNotCall: 0, callback: 0, inCall: 0 };
}

/**
 * Puts the selected leads back in the queue (pending, no attempts, no scheduled retry) in one
 * statement: the next call is attempt 1 again. A do-not-call lead stays uncallable, a lead in a
 * call right now (or queued for one) is left to the dialer, and a lead that booked a meeting is
 * re-dialed only when `includeBooked` says so: calling someone who already booked is not a slip to
 * make by selecting "all".
 */
export async function resetLeads(
  tx: Tx,
  { orgId, selection, includeBooked }: { orgId: string; selection: LeadSelection; includeBooked: boolean },
) {
  const [row] = rowsOf<{ matched: number; reset: number; blocked: number; in_call: number; booked: number }>(
    await tx.execute(sql`
      with selected as (${resetSelected(orgId, selection)}),
      done as (
        update ${leads} set status = 'pending', attempts = 0, next_attempt_at = null, updated_at = now()
        from selected s
        where ${leads.id} = s.id and not ${resetSkips(includeBooked)}
        returning 1
      )
      select (select count(*) from selected)::int as matched,
             (select count(*) from done)::int as reset,
             (select count(*) from selected where blocked)::int as blocked,
             (select count(*) from selected where not blocked and status in ('calling', 'queued'))::int as in_call,
             (select count(*) from selected where not blocked and status = 'booked' and not ${includeBooked})::int as booked`),
  );
  return {
    matched: Number(row?.matched ?? 0),
    reset: Number(row?.reset ?? 0),
    skippedDoNotCall: Number(row?.blocked ?? 0),
    skippedInCall: Number(row?.in_call ?? 0),
    skippedBooked: Number(row?.booked ?? 0),
  };
}

/**
 * Moves the selected leads to another campaign of the organization in one statement. A phone is
 * unique within a campaign, so a lead whose number the target already has is left where it is
 * (as are all but the newest of several selected leads sharing a number).
 */
export async function moveLeads(
  tx: Tx,
  { orgId, selection, campaignId }: { orgId: string; selection: LeadSelection; campaignId: string },
) {
  const [row] = rowsOf<{ matched: number; already: number; moved: number }>(
    await tx.execute(sql`
      with selected as (
        select ${leads.id} as id, ${leads.phone} as phone, ${leads.campaignId} as campaign_id,
               ${leads.createdAt} as created_at
        from ${leads}
        where ${selectionCondition(orgId, selection)}
      ),
      movable as (
        select distinct on (s.phone) s.id
        from selected s
        where s.campaign_id <> ${campaignId}::uuid
          and not exists (
            select 1 from ${leads} t
            where t.org_id = ${orgId}::uuid and t.campaign_id = ${campaignId}::uuid and t.phone = s.phone
              and t.deleted_at is null
          )
        order by s.phone, s.created_at desc, s.id
      ),
      moved as (
        update ${leads} set campaign_id = ${campaignId}::uuid, updated_at = now()
        from movable
        where ${leads.id} = movable.id
        returning 1
      )
      select (select count(*) from selected)::int as matched,
             (select count(*) from selected where campaign_id = ${campaignId}::uuid)::int as already,
             (select count(*) from moved)::int as moved`),
  );
  const matched = Number(row?.matched ?? 0);
  const alreadyThere = Number(row?.already ?? 0);
  const moved = Number(row?.moved ?? 0);
  return { matched, moved, alreadyThere, conflicts: matched - alreadyThere - moved };
}

/**
 * Puts the selected leads' numbers on the organization's do-not-call list in one statement. The
 * `do_not_call_apply` trigger then marks every lead with those numbers, in every campaign.
 */
export async function addLeadPhonesToDoNotCall(
  tx: Tx,
  {
    orgId,
    selection,
    reason,
    addedBy,
  }: { orgId: string; selection: LeadSelection; reason: string; addedBy: string },
) {
  const [row] = rowsOf<{ phones: number; added: number }>(
    await tx.execute(sql`
      with phones as (
        select distinct ${leads.phone} as phone from ${leads} where ${selectionCondition(orgId, selection)}
      ),
      added as (
        insert into ${doNotCall} (org_id, phone, reason, source, added_by)
        select ${orgId}::uuid, phones.phone, ${reason}, 'manual', ${addedBy}::uuid from phones
        on conflict (org_id, phone) do nothing
        returning 1
      )
      select (select count(*) from phones)::int as phones, (select count(*) from added)::int as added`),
  );
  const phones = Number(row?.phones ?? 0);
  const added = Number(row?.added ?? 0);
  return { phones, added, alreadyListed: phones - added };
}

// ---------------------------------------------------------------------------------------------
// The dialer's side (service role): what a call's course does to its lead

/** A refused dispatch ends the lead for good (a number that cannot be called, or a rejected call). */
export async function closeLeadAfterRefusal(
  tx: Tx,
  { leadId, status, now }: { leadId: string; status: "invalid_number" | "failed"; now: Date },
): Promise<void> {
  await tx.execute(sql`
    update public.leads set status = ${status}::lead_status, next_attempt_at = null, updated_at = ${now.toISOString()}::timestamptz
    where id = ${leadId} and status in ('queued', 'calling')
  `);
}

/** The attempt never reached the lead: it gets the attempt back, due again in `delayMinutes` (0: now). */
export async function returnLeadAttempt(
  tx: Tx,
  { leadId, delayMinutes, now }: { leadId: string; delayMinutes: number; now: Date },
): Promise<void> {
  const at = now.toISOString();
  await tx.execute(sql`
    update public.leads
    set status = 'pending', attempts = greatest(attempts - 1, 0), updated_at = ${at}::timestamptz,
        next_attempt_at = case when ${delayMinutes}::int > 0
                               then ${at}::timestamptz + make_interval(mins => ${delayMinutes}::int) end
    where id = ${leadId} and status in ('queued', 'calling')
  `);
}

/** The provider says the call was answered: a queued lead is being called. */
export async function markLeadCalling(
  tx: Tx,
  { orgId, leadId, now }: { orgId: string; leadId: string; now: Date },
): Promise<void> {
  await tx.execute(sql`update public.leads set status = 'calling', updated_at = ${now.toISOString()}
    where id = ${leadId} and org_id = ${orgId} and status = 'queued'`);
}

type Campaign = typeof campaigns.$inferSelect;

/** What deciding a lead's next step after a call needs: the lead's attempts and zones, its campaign's rules. */
type LeadRetryContext = Pick<Lead, "attempts" | "phone" | "timezone" | "timezoneCandidates"> &
  Pick<
    Campaign,
    | "maxAttempts"
    | "maxAttemptsPerDay"
    | "retryPolicy"
    | "callingDays"
    | "callingStartMinute"
    | "callingEndMinute"
  >;

export async function getLeadRetryContext(
  tx: Tx,
  { orgId, leadId }: { orgId: string; leadId: string },
): Promise<LeadRetryContext | undefined> {
  const [row] = rowsOf<LeadRetryContext>(
    await tx.execute(sql`
      select l.attempts, l.phone, l.timezone, l.timezone_candidates as "timezoneCandidates",
             c.max_attempts as "maxAttempts", c.max_attempts_per_day as "maxAttemptsPerDay",
             c.retry_policy as "retryPolicy", c.calling_days as "callingDays",
             c.calling_start_minute as "callingStartMinute", c.calling_end_minute as "callingEndMinute"
      from public.leads l join public.campaigns c on c.id = l.campaign_id and c.org_id = l.org_id
      where l.id = ${leadId} and l.org_id = ${orgId}`),
  );
  return row;
}

/** The lead asked not to be called again (its number goes on the list too, by the caller). */
export async function markLeadDoNotCall(
  tx: Tx,
  { orgId, leadId, now }: { orgId: string; leadId: string; now: Date },
): Promise<void> {
  await tx.execute(sql`
    update public.leads set status = 'do_not_call', next_attempt_at = null, updated_at = ${now.toISOString()}
    where id = ${leadId} and org_id = ${orgId} and status <> 'do_not_call'`);
}

/**
 * The outcome service's decision for the lead after call `attemptNo`. A later call of the lead
 * owns its status: a late report of an earlier call (an analysis that came after the retry was
 * claimed) must not put a lead that is being called back to pending. False when nothing changed.
 */
export async function applyLeadDecision(
  tx: Tx,
  {
    orgId,
    leadId,
    attemptNo,
    status,
    nextAttemptAt,
    now,
  }: {
    orgId: string;
    leadId: string;
    attemptNo: number;
    status: Lead["status"];
    nextAttemptAt: Date | null;
    now: Date;
  },
): Promise<boolean> {
  const updated = rowsOf(
    await tx.execute(sql`
      update public.leads
      set status = ${status}, next_attempt_at = ${nextAttemptAt?.toISOString() ?? null}::timestamptz, updated_at = ${now.toISOString()}
      where id = ${leadId} and org_id = ${orgId} and status <> 'do_not_call'
        and not exists (select 1 from public.calls n where n.lead_id = ${leadId} and n.attempt_no > ${attemptNo})
      returning id`),
  );
  return updated.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Bookings (service role): which lead a Cal.com booking belongs to, and what it does to the lead

export type BookingLead = Pick<Lead, "id" | "campaignId" | "timezone" | "firstName">;

/** The organization's most recently created lead with this id, email (any case) or phone. */
export async function findLatestLeadBy(
  tx: Tx,
  { orgId, by }: { orgId: string; by: { id: string } | { email: string } | { phone: string } },
): Promise<BookingLead | null> {
  const where =
    "id" in by
      ? sql`id = ${by.id}`
      : // A booking found by contact details belongs to a live lead; the trash is out of sight.
        "email" in by
        ? sql`lower(email) = ${by.email.toLowerCase()} and deleted_at is null`
        : sql`phone = ${by.phone} and deleted_at is null`;
  const [row] = rowsOf<BookingLead>(
    await tx.execute(sql`select id, campaign_id as "campaignId", timezone, first_name as "firstName" from public.leads
      where org_id = ${orgId} and ${where} order by created_at desc, id desc limit 1`),
  );
  return row ?? null;
}

/** The status the lead's appointments give it (booked, or pending again to rebook), due now. */
export async function setLeadStatusFromAppointments(
  tx: Tx,
  { orgId, leadId, status, now }: { orgId: string; leadId: string; status: "booked" | "pending"; now: Date },
): Promise<void> {
  await tx.execute(sql`update public.leads set status = ${status}, next_attempt_at = null,
    updated_at = ${now.toISOString()} where id = ${leadId} and org_id = ${orgId}`);
}

// ---------------------------------------------------------------------------------------------
// Campaign pages and scheduled calls

/** How many of the campaign's live leads are in each status. */
export async function countLeadsByStatus(
  tx: Tx,
  { orgId, campaignId }: { orgId: string; campaignId: string },
): Promise<{ status: Lead["status"]; n: number }[]> {
  return tx
    .select({ status: leads.status, n: count() })
    .from(leads)
    .where(and(eq(leads.orgId, orgId), eq(leads.campaignId, campaignId), isNull(leads.deletedAt)))
    .groupBy(leads.status);
}

type LeadToSchedule = Pick<Lead, "id" | "status" | "attempts" | "timezone" | "timezoneCandidates"> & {
  /** Its number is on the organization's do-not-call list. */
  onDnc: boolean;
};

/**
 * The campaign's lead, locked until the transaction ends: a claim (which skips locked leads)
 * cannot call it between the caller's checks and its update.
 */
export async function lockLeadToSchedule(
  tx: Tx,
  { orgId, campaignId, leadId }: { orgId: string; campaignId: string; leadId: string },
): Promise<LeadToSchedule | undefined> {
  const [row] = rowsOf<LeadToSchedule>(
    await tx.execute(sql`
      select l.id, l.status::text as status, l.attempts, l.timezone, l.timezone_candidates as "timezoneCandidates",
             exists (select 1 from public.do_not_call d where d.org_id = l.org_id and d.phone = l.phone) as "onDnc"
      from public.leads l
      where l.id = ${leadId} and l.org_id = ${orgId} and l.campaign_id = ${campaignId} and l.deleted_at is null
      for update`),
  );
  return row ? { ...row, attempts: Number(row.attempts) } : undefined;
}

/** The lead is due at `at`, with `context` for the agent on that call. */
export async function scheduleLeadCall(
  tx: Tx,
  { leadId, at, context, now }: { leadId: string; at: Date; context: Record<string, string>; now: Date },
): Promise<void> {
  await tx.execute(sql`
    update public.leads
    set status = 'pending', next_attempt_at = ${at.toISOString()}::timestamptz,
        next_call_context = ${JSON.stringify(context)}::jsonb, updated_at = ${now.toISOString()}::timestamptz
    where id = ${leadId}`);
}
