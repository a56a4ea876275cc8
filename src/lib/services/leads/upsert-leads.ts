import { sql } from "drizzle-orm";
import type { CountryCode } from "libphonenumber-js";
import { rowsOf, type Tx } from "@/lib/db/client";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { getOrganization } from "@/lib/db/queries/organizations";
import { AppError } from "@/lib/errors";
import {
  type LeadFieldError,
  type LeadInput,
  type NormalizedLead,
  normalizeLead,
} from "@/lib/leads/normalize/normalize-lead";
import { timezonesForE164 } from "@/lib/leads/normalize/phone-timezone";
import { auditLeadAction } from "./audit-lead-action";

export type UpsertLeadResult =
  | { status: "created" | "updated"; id: string; warnings: string[] }
  | { status: "rejected"; errors: LeadFieldError[] };

// How much a lead's zone can be trusted: given in the data, inferred from the number, or the default.
const ZONE_RANK: Record<NormalizedLead["timezoneSource"], number> = { column: 2, inferred: 1, default: 0 };

/**
 * Later values win over earlier ones field by field, with the same rules as the SQL update below
 * (an empty value keeps what is there; a zone is only replaced by one at least as trustworthy),
 * so a phone sent twice in one request ends as if the two had been sent one after the other.
 */
function mergeLeads(earlier: NormalizedLead, later: NormalizedLead): NormalizedLead {
  const keepZone = ZONE_RANK[later.timezoneSource] < ZONE_RANK[earlier.timezoneSource];
  const zone = keepZone ? earlier : later;
  return {
    phone: later.phone,
    phoneExtension: later.phoneExtension ?? earlier.phoneExtension,
    firstName: later.firstName ?? earlier.firstName,
    lastName: later.lastName ?? earlier.lastName,
    company: later.company ?? earlier.company,
    email: later.email ?? earlier.email,
    timezone: zone.timezone,
    timezoneSource: zone.timezoneSource,
    timezoneCandidates: zone.timezoneCandidates,
    consent: later.consent ?? earlier.consent,
    consentSource: later.consentSource ?? earlier.consentSource,
    consentAt: later.consentAt ?? earlier.consentAt,
    customFields: { ...earlier.customFields, ...later.customFields },
  };
}

/**
 * Creates or updates a campaign's leads by phone (API callers, service role: `orgId` is explicit
 * everywhere). Every lead goes through the import's normaliser; the valid ones are written with
 * one `insert ... on conflict (campaign_id, phone) do update` against the campaign's live leads (a
 * number only in the trash arrives as a new lead). New numbers on the organization's
 * do-not-call list arrive as `do_not_call`; an update never touches status or attempts, which
 * belong to the dialer. Results come back in input order. With `apiKeyId` (a CRM's request), the
 * write is recorded in the audit log under that key.
 */
export async function upsertLeads({
  tx,
  orgId,
  input,
  apiKeyId,
}: {
  tx: Tx;
  orgId: string;
  input: { campaignId: string; leads: LeadInput[] };
  apiKeyId?: string;
}): Promise<UpsertLeadResult[]> {
  const [org, campaign] = await Promise.all([
    getOrganization(tx, { orgId }),
    getCampaign(tx, { orgId, campaignId: input.campaignId }),
  ]);
  // One answer for "not yours" and "does not exist": the API must not confirm other tenants' ids.
  if (!org || !campaign) throw new AppError("not_found", "No campaign with that id in this organization.");

  const context = {
    defaultCountry: org.defaultCountry as CountryCode,
    defaultTimezone: campaign.defaultTimezone,
    phoneTimezones: timezonesForE164,
  };
  const results: (UpsertLeadResult | undefined)[] = [];
  // Phone -> the merged lead and the input positions that carried it, in order.
  const byPhone = new Map<string, { lead: NormalizedLead; indexes: number[]; warnings: string[][] }>();
  input.leads.forEach((lead, index) => {
    const normalized = normalizeLead(lead, context);
    if (!normalized.ok) {
      results[index] = { status: "rejected", errors: normalized.errors };
      return;
    }
    const seen = byPhone.get(normalized.lead.phone);
    if (seen) {
      seen.lead = mergeLeads(seen.lead, normalized.lead);
      seen.indexes.push(index);
      seen.warnings.push(normalized.warnings);
    } else {
      byPhone.set(normalized.lead.phone, {
        lead: normalized.lead,
        indexes: [index],
        warnings: [normalized.warnings],
      });
    }
  });

  if (byPhone.size > 0) {
    const written = await writeLeads(tx, {
      orgId,
      campaignId: input.campaignId,
      leads: [...byPhone.values()],
    });
    for (const { lead, indexes, warnings } of byPhone.values()) {
      const row = written.get(lead.phone);
      if (!row) throw new Error("upsert returned no row for a written lead");
      // The first mention decides created/updated; later mentions of the same phone updated it.
      indexes.forEach((index, i) => {
        const status = i === 0 && row.inserted ? "created" : "updated";
        results[index] = { status, id: row.id, warnings: warnings[i] ?? [] };
      });
    }
  }
  const ordered = results.map((result) => {
    if (!result) throw new Error("a lead was left without a result");
    return result;
  });
  if (apiKeyId) {
    const n = (status: UpsertLeadResult["status"]) => ordered.filter((r) => r.status === status).length;
    await auditLeadAction(
      tx,
      { orgId, userId: null },
      {
        action: "leads.api_upsert",
        count: n("created") + n("updated"),
        data: {
          apiKeyId,
          campaignId: input.campaignId,
          created: n("created"),
          updated: n("updated"),
          rejected: n("rejected"),
        },
      },
    );
  }
  return ordered;
}

async function writeLeads(
  tx: Tx,
  { orgId, campaignId, leads }: { orgId: string; campaignId: string; leads: { lead: NormalizedLead }[] },
) {
  const rows = leads.map(({ lead }, ord) => ({
    ord,
    phone: lead.phone,
    phone_extension: lead.phoneExtension,
    first_name: lead.firstName,
    last_name: lead.lastName,
    company: lead.company,
    email: lead.email,
    timezone: lead.timezone,
    timezone_source: lead.timezoneSource,
    timezone_candidates: lead.timezoneCandidates,
    consent: lead.consent,
    consent_source: lead.consentSource,
    consent_at: lead.consentAt,
    custom_fields: lead.customFields,
  }));
  // A zone given in a CRM field is not overwritten by one inferred from the number or the default.
  const keepZone = sql.raw(`(${zoneRank("excluded")} < ${zoneRank("leads")})`);
  // `xmax = 0` holds only for rows this statement inserted; updated rows carry our xid.
  const written = rowsOf<{ id: string; phone: string; inserted: boolean }>(
    await tx.execute(sql`
      insert into public.leads (org_id, campaign_id, phone, phone_extension, first_name, last_name, company,
        email, timezone, timezone_source, timezone_candidates, consent, consent_source, consent_at,
        custom_fields, status)
      select ${orgId}::uuid, ${campaignId}::uuid, i.phone, i.phone_extension, i.first_name, i.last_name,
        i.company, i.email, i.timezone, i.timezone_source, i.timezone_candidates, i.consent,
        i.consent_source, i.consent_at, coalesce(i.custom_fields, '{}'::jsonb),
        case when exists (select 1 from public.do_not_call d where d.org_id = ${orgId}::uuid and d.phone = i.phone)
             then 'do_not_call'::public.lead_status else 'pending'::public.lead_status end
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as i(
        ord integer, phone text, phone_extension text, first_name text, last_name text, company text,
        email text, timezone text, timezone_source public.timezone_source, timezone_candidates text[],
        consent boolean, consent_source text, consent_at timestamptz, custom_fields jsonb)
      order by i.ord
      on conflict (campaign_id, phone) where deleted_at is null do update set
        phone_extension = coalesce(excluded.phone_extension, leads.phone_extension),
        first_name = coalesce(excluded.first_name, leads.first_name),
        last_name = coalesce(excluded.last_name, leads.last_name),
        company = coalesce(excluded.company, leads.company),
        email = coalesce(excluded.email, leads.email),
        timezone = case when ${keepZone} then leads.timezone else excluded.timezone end,
        timezone_source = case when ${keepZone} then leads.timezone_source else excluded.timezone_source end,
        timezone_candidates = case when ${keepZone} then leads.timezone_candidates else excluded.timezone_candidates end,
        consent = coalesce(excluded.consent, leads.consent),
        consent_source = coalesce(excluded.consent_source, leads.consent_source),
        consent_at = coalesce(excluded.consent_at, leads.consent_at),
        custom_fields = leads.custom_fields || excluded.custom_fields,
        updated_at = now()
      returning id, phone, (xmax = 0) as inserted`),
  );
  return new Map(written.map((row) => [row.phone, row]));
}

function zoneRank(table: "excluded" | "leads"): string {
  return `case ${table}.timezone_source when 'column' then 2 when 'inferred' then 1 else 0 end`;
}
