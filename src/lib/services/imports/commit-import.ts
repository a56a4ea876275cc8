import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/lib/db/client";
import { leadImports } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { auditLeadAction } from "../leads/audit-lead-action";
import type { Actor } from "../organizations/roles";
import { getStagingImport } from "./get-staging-import";

export type ImportCounts = {
  imported: number;
  updated: number;
  skipped: number;
  rejected: number;
  total: number;
  /** Of the imported and updated: leads that arrived with a warning (kept in the report). */
  warned: number;
};

// The normalized lead as staged (see NormalizedLead), read column by column.
const LEAD_COLUMNS = sql.raw(`
  (l.lead ->> 'phone'),
  nullif(l.lead ->> 'phoneExtension', ''),
  l.lead ->> 'firstName',
  l.lead ->> 'lastName',
  l.lead ->> 'company',
  l.lead ->> 'email',
  l.lead ->> 'timezone',
  (l.lead ->> 'timezoneSource')::public.timezone_source,
  case when jsonb_typeof(l.lead -> 'timezoneCandidates') = 'array'
       then array(select jsonb_array_elements_text(l.lead -> 'timezoneCandidates')) end,
  (l.lead ->> 'consent')::boolean,
  l.lead ->> 'consentSource',
  (l.lead ->> 'consentAt')::timestamptz,
  coalesce(l.lead -> 'customFields', '{}'::jsonb)`);

/**
 * Moves an import's staged rows into `leads` in one transaction: duplicates within the file
 * first (skip keeps the first row of a phone, update keeps the last), then one
 * `insert ... on conflict` against the campaign's existing leads. Either every row lands with its
 * outcome recorded, or (on any error) nothing does. Numbers on the do-not-call list arrive as
 * `do_not_call`. An import missing some of its file's rows (a lost batch, staging emptied by a
 * database crash) is refused rather than committed in part; an import already committed answers
 * with its counts, so a retried commit is harmless.
 */
export async function commitImport({
  tx,
  actor,
  importId,
}: {
  tx: Tx;
  actor: Actor;
  importId: string;
}): Promise<ImportCounts> {
  // A commit retried after its answer was lost finds the import done: the same counts again.
  const [done] = await tx
    .select()
    .from(leadImports)
    .where(
      and(
        eq(leadImports.orgId, actor.orgId),
        eq(leadImports.id, importId),
        eq(leadImports.status, "completed"),
      ),
    );
  if (done) {
    return {
      imported: done.importedCount,
      updated: done.updatedCount,
      skipped: done.skippedCount,
      rejected: done.rejectedCount,
      total: done.totalRows,
      warned: done.warnedCount,
    };
  }
  const { record } = await getStagingImport(tx, { orgId: actor.orgId, importId, lock: true });
  const update = record.duplicateMode === "update";
  const orgId = actor.orgId;
  const [staged] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      select count(*)::int as n from public.lead_import_rows where import_id = ${importId} and org_id = ${orgId}`),
  );
  const stagedRows = Number(staged?.n ?? 0);
  if (record.fileRows !== null && stagedRows !== record.fileRows) {
    throw new AppError(
      "conflict",
      `Only ${stagedRows.toLocaleString("en-US")} of the file's ${record.fileRows.toLocaleString("en-US")} rows were received, so nothing was imported. Resume the import to send the rest.`,
    );
  }
  // The staging rows were written seconds ago, so the planner has no statistics for them (and
  // PGlite never gathers any): it then picks nested loops for the joins below, which turns a
  // 100,000-row commit from seconds into many minutes. Bulk joins here are hash joins.
  await tx.execute(sql`set local enable_nestloop = off`);

  // 1. Duplicates inside the file.
  await tx.execute(sql`
    with ranked as (
      select row_number, first_value(row_number) over (
               partition by phone order by row_number ${update ? sql.raw("desc") : sql.raw("asc")}
             ) as kept
      from public.lead_import_rows
      where import_id = ${importId} and org_id = ${orgId} and status = 'valid'
    )
    update public.lead_import_rows r
    set status = 'skipped',
        reason = ${update ? "superseded by row " : "duplicate of row "} || ranked.kept || ' in this file'
    from ranked
    where r.import_id = ${importId} and r.org_id = ${orgId} and r.row_number = ranked.row_number
      and ranked.row_number <> ranked.kept`);

  // 2. Into leads; `xmax = 0` tells a fresh insert from an update of an existing row. Only live
  // leads conflict: a number that is only in the trash arrives as a new lead.
  const conflict = update
    ? sql.raw(`on conflict (campaign_id, phone) where deleted_at is null do update set
        phone_extension = coalesce(excluded.phone_extension, leads.phone_extension),
        first_name = coalesce(excluded.first_name, leads.first_name),
        last_name = coalesce(excluded.last_name, leads.last_name),
        company = coalesce(excluded.company, leads.company),
        email = coalesce(excluded.email, leads.email),
        timezone = case when excluded.timezone_source = 'default' and leads.timezone_source <> 'default'
                        then leads.timezone else excluded.timezone end,
        timezone_source = case when excluded.timezone_source = 'default' and leads.timezone_source <> 'default'
                               then leads.timezone_source else excluded.timezone_source end,
        timezone_candidates = case when excluded.timezone_source = 'default' and leads.timezone_source <> 'default'
                                   then leads.timezone_candidates else excluded.timezone_candidates end,
        consent = coalesce(excluded.consent, leads.consent),
        consent_source = coalesce(excluded.consent_source, leads.consent_source),
        consent_at = coalesce(excluded.consent_at, leads.consent_at),
        custom_fields = leads.custom_fields || excluded.custom_fields,
        import_id = excluded.import_id,
        updated_at = now()`)
    : sql.raw("on conflict (campaign_id, phone) where deleted_at is null do nothing");
  const [written] = rowsOf<{ imported: number; updated: number }>(
    await tx.execute(sql`
    with written as (
      insert into public.leads (org_id, campaign_id, phone, phone_extension, first_name, last_name, company,
        email, timezone, timezone_source, timezone_candidates, consent, consent_source, consent_at,
        custom_fields, status, import_id)
      select ${orgId}::uuid, ${record.campaignId}::uuid, ${LEAD_COLUMNS},
        case when exists (select 1 from public.do_not_call d where d.org_id = ${orgId} and d.phone = l.lead ->> 'phone')
             then 'do_not_call'::public.lead_status else 'pending'::public.lead_status end,
        ${importId}::uuid
      from public.lead_import_rows l
      where l.import_id = ${importId} and l.org_id = ${orgId} and l.status = 'valid'
      ${conflict}
      returning phone, (xmax = 0) as inserted
    ),
    -- Rows that became leads leave staging in the same statement: the report keeps only the rows
    -- that did not land or came with a warning, and one pass costs less than marking them and
    -- deleting them after.
    landed as (
      delete from public.lead_import_rows r
      using written w
      where r.import_id = ${importId} and r.org_id = ${orgId} and r.status = 'valid' and r.phone = w.phone
        and r.reason is null
    ),
    warned as (
      update public.lead_import_rows r
      set status = case when w.inserted then 'imported' else 'updated' end::public.import_row_status
      from written w
      where r.import_id = ${importId} and r.org_id = ${orgId} and r.status = 'valid' and r.phone = w.phone
        and r.reason is not null
    )
    select count(*) filter (where inserted)::int as imported, count(*) filter (where not inserted)::int as updated
    from written`),
  );

  // 3. What is still 'valid' met an existing lead and was skipped.
  await tx.execute(sql`
    update public.lead_import_rows
    set status = 'skipped', reason = 'already in this campaign'
    where import_id = ${importId} and org_id = ${orgId} and status = 'valid'`);

  const counts = rowsOf<{ status: string; n: number }>(
    await tx.execute(sql`
      select status::text as status, count(*)::int as n
      from public.lead_import_rows where import_id = ${importId} and org_id = ${orgId}
      group by status`),
  );
  const n = (status: string) => Number(counts.find((c) => c.status === status)?.n ?? 0);
  const imported = Number(written?.imported ?? 0);
  const updated = Number(written?.updated ?? 0);
  const result: ImportCounts = {
    imported,
    updated,
    skipped: n("skipped"),
    rejected: n("rejected"),
    total: imported + updated + n("skipped") + n("rejected"),
    warned: n("imported") + n("updated"),
  };
  await tx.execute(sql`
    update public.lead_imports
    set status = 'completed', completed_at = now(), total_rows = ${result.total},
        imported_count = ${result.imported}, updated_count = ${result.updated},
        skipped_count = ${result.skipped}, rejected_count = ${result.rejected}, warned_count = ${result.warned},
        last_activity_at = now()
    where id = ${importId} and org_id = ${orgId}`);
  await auditLeadAction(tx, actor, {
    action: "leads.import",
    count: result.imported + result.updated,
    data: {
      importId,
      campaignId: record.campaignId,
      imported: result.imported,
      updated: result.updated,
      skipped: result.skipped,
      rejected: result.rejected,
    },
  });
  return result;
}
