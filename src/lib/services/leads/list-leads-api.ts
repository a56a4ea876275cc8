import { and, asc, eq, gte, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { type Lead, leadColumns } from "@/lib/db/queries/leads";
import { leads } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

type LeadStatus = (typeof leads.$inferSelect)["status"];

export type LeadPageCursor = { createdAt: string; id: string };

export type ListLeadsApiInput = {
  campaignId?: string;
  statuses?: LeadStatus[];
  /** ISO timestamps, passed to the database as written (microseconds and offsets intact). */
  updatedSince?: string;
  createdSince?: string;
  q?: string;
  cursor?: LeadPageCursor;
  limit: number;
};

export type ApiLeadRow = Pick<Lead, keyof typeof leadColumns>;

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of an organization's leads for API callers (service role, explicit `orgId`), oldest
 * first, keyed on (created_at, id). Keyset paging never skips or repeats a row while leads are
 * added between pages, which offset paging would; and created_at is the column the org index
 * leads with. A campaign of another organization answers 404, as one that does not exist.
 */
export async function listLeadsForApi({
  tx,
  orgId,
  input,
}: {
  tx: Tx;
  orgId: string;
  input: ListLeadsApiInput;
}) {
  if (input.campaignId && !(await getCampaign(tx, { orgId, campaignId: input.campaignId }))) {
    throw new AppError("not_found", "No campaign with that id in this organization.");
  }
  // Leads in the trash are deleted as far as an API caller can tell.
  const where: SQL[] = [eq(leads.orgId, orgId), isNull(leads.deletedAt)];
  if (input.campaignId) where.push(eq(leads.campaignId, input.campaignId));
  if (input.statuses?.length) where.push(inArray(leads.status, input.statuses));
  if (input.updatedSince) where.push(gte(leads.updatedAt, sql`${input.updatedSince}::timestamptz`));
  if (input.createdSince) where.push(gte(leads.createdAt, sql`${input.createdSince}::timestamptz`));
  if (input.q) {
    const text = input.q.toLowerCase();
    const digits = text.replace(/\D/g, "");
    // Phones are stored as E.164, so "(415) 555-26" is searched by its digits.
    const phoneLike = /^[\d\s+().-]+$/.test(text) && digits.length >= 3;
    const byText = sql`${leads.searchText} like ${likePattern(text)}`;
    where.push(phoneLike ? sql`(${byText} or ${leads.phone} like ${likePattern(digits)})` : byText);
  }
  if (input.cursor) {
    where.push(
      sql`(${leads.createdAt}, ${leads.id}) > (${input.cursor.createdAt}::timestamptz, ${input.cursor.id}::uuid)`,
    );
  }
  const rows = await tx
    .select({
      ...leadColumns,
      // Microseconds, which a JS Date would drop: the next page must start exactly after this row.
      cursorAt: sql<string>`to_char(${leads.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(leads)
    .where(and(...where))
    .orderBy(asc(leads.createdAt), asc(leads.id))
    .limit(input.limit + 1);

  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const nextCursor: LeadPageCursor | null =
    rows.length > input.limit && last ? { createdAt: last.cursorAt, id: last.id } : null;
  return { leads: page.map(({ cursorAt: _, ...lead }): ApiLeadRow => lead), nextCursor };
}
