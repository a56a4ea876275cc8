import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../client";

/*
 * Erasing leads for good (service role: calls, emails and webhook events are written only by
 * trusted code). docs/security.md, "Deleting and erasing data", is the operator's view of this.
 */

/** What an erase removed, for the audit row (counts only). */
export type ErasedCounts = {
  leads: number;
  calls: number;
  appointments: number;
  emails: number;
  history: number;
  webhookEvents: number;
  importRows: number;
};

/**
 * The leads that are the same person as these: every lead of the organization, trashed or not,
 * with one of their numbers (a person imported into several campaigns is one lead per campaign).
 */
export async function findLeadsOfSamePerson(
  tx: Tx,
  { orgId, leadIds }: { orgId: string; leadIds: string[] },
): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`
      select o.id from public.leads o
      where o.org_id = ${orgId}::uuid
        and o.phone in (select l.phone from public.leads l
                        where l.org_id = ${orgId}::uuid and l.id = any(${uuidArray(leadIds)}))
      order by o.id`),
  );
  return rows.map((r) => r.id);
}

function uuidArray(ids: string[]) {
  return sql`string_to_array(${ids.join(",")}::text, ',')::uuid[]`;
}

/**
 * Deletes the leads and every copy of what we hold about them, in one statement: their calls
 * (transcripts, recordings' links, cost), appointments, emails (bodies included) and history go
 * by cascade; the webhook payloads about them and the staged import rows with their numbers are
 * deleted here. Webhook events are found by call id (Retell, Vapi, in-call tools), or, when tied
 * to no call (Cal.com, Resend, refused bodies, events of no known call), by any of the leads'
 * identifiers in the payload: our call ids, the providers' call ids, Cal.com booking uids, Resend
 * message ids and email ids, and their phone numbers and email addresses.
 *
 * `contacts`: "always" for a privacy request (the person asked; every payload naming them goes);
 * "unshared" for the trash's purge, where a number or address still used by a live lead of the
 * organization is not searched for, so that lead's own events stay.
 *
 * Kept on purpose: do-not-call entries and email suppressions (the legal record that this person
 * must not be called or emailed again; honoring it needs the number or address), and audit rows
 * (ids and counts only; a search term naming the person is replaced by "[erased]").
 */
export async function eraseLeadRecords(
  tx: Tx,
  { orgId, leadIds, contacts }: { orgId: string; leadIds: string[]; contacts: "always" | "unshared" },
): Promise<ErasedCounts> {
  if (leadIds.length === 0) {
    return { leads: 0, calls: 0, appointments: 0, emails: 0, history: 0, webhookEvents: 0, importRows: 0 };
  }
  const always = contacts === "always";
  const [row] = rowsOf<Record<keyof ErasedCounts, number>>(
    await tx.execute(sql`
      with target as (
        select l.id, l.phone, nullif(lower(trim(l.email)), '') as email
        from public.leads l
        where l.org_id = ${orgId}::uuid and l.id = any(${uuidArray(leadIds)})
      ),
      target_calls as (
        select c.id, c.provider_call_id from public.calls c
        where c.org_id = ${orgId}::uuid and c.lead_id in (select id from target)
      ),
      target_appointments as (
        select a.id, a.calcom_booking_uid from public.appointments a
        where a.org_id = ${orgId}::uuid and a.lead_id in (select id from target)
      ),
      target_emails as (
        select e.id, e.provider_message_id from public.emails e
        where e.org_id = ${orgId}::uuid and e.lead_id in (select id from target)
      ),
      phones as (
        select distinct t.phone from target t
        where ${always} or not exists (
          select 1 from public.leads o
          where o.org_id = ${orgId}::uuid and o.phone = t.phone and o.deleted_at is null
            and o.id not in (select id from target))
      ),
      addresses as (
        select distinct t.email from target t where ${always} and t.email is not null
      ),
      needles as (
        select lower(x) as needle from (
          select id::text from target_calls
          union select provider_call_id from target_calls
          union select calcom_booking_uid from target_appointments
          union select id::text from target_emails
          union select provider_message_id from target_emails
          union select phone from phones
          union select email from addresses
        ) n(x)
        where x is not null and length(x) >= 6
      ),
      events_by_call as (
        delete from public.webhook_events w
        where w.call_id in (select id from target_calls)
        returning 1
      ),
      events_by_payload as (
        delete from public.webhook_events w
        where w.id in (
          select u.id from public.webhook_events u
          -- Each payload is turned into text once (OFFSET 0 keeps the planner from repeating it per
          -- identifier), then searched for every identifier.
          cross join lateral (select lower(u.payload::text) as body offset 0) b
          where u.call_id is null and (u.org_id = ${orgId}::uuid or u.org_id is null)
            and exists (select 1 from needles n where strpos(b.body, n.needle) > 0))
        returning 1
      ),
      import_rows as (
        delete from public.lead_import_rows r
        where r.org_id = ${orgId}::uuid and r.phone in (select phone from phones)
        returning 1
      ),
      unlinked_emails as (
        -- Emails written to the person's address with no lead attached.
        delete from public.emails e
        where e.org_id = ${orgId}::uuid and e.lead_id is null
          and lower(e.to_address) in (select email from addresses)
        returning 1
      ),
      names as (
        select distinct lower(trim(coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, ''))) as name
        from public.leads l
        where ${always} and l.org_id = ${orgId}::uuid and l.id in (select id from target)
      ),
      searches as (
        -- A search typed into the lead table is kept with its bulk action; one that named the
        -- person (7+ digits of their number, or 5+ characters of their address or name) goes.
        update public.audit_log a set filter = jsonb_set(a.filter, '{q}', '"[erased]"')
        from (select a2.id, lower(a2.filter ->> 'q') as q, regexp_replace(a2.filter ->> 'q', '\\D', '', 'g') as digits
              from public.audit_log a2
              where a2.org_id = ${orgId}::uuid and a2.filter ? 'q') s
        where a.id = s.id and (
          (length(s.digits) >= 7 and exists (select 1 from phones p where strpos(p.phone, s.digits) > 0))
          or (length(s.q) >= 5 and exists (
                select 1 from (select email as x from addresses union select name from names) c
                where length(c.x) >= 5 and (strpos(c.x, s.q) > 0 or strpos(s.q, c.x) > 0))))
        returning 1
      ),
      history as (
        select count(*)::int as n from public.lead_events e
        where e.org_id = ${orgId}::uuid and e.lead_id in (select id from target)
      ),
      erased as (
        delete from public.leads l
        where l.org_id = ${orgId}::uuid and l.id in (select id from target)
        returning 1
      )
      select (select count(*) from erased)::int as leads,
             (select count(*) from target_calls)::int as calls,
             (select count(*) from target_appointments)::int as appointments,
             ((select count(*) from target_emails) + (select count(*) from unlinked_emails))::int as emails,
             (select n from history) as history,
             ((select count(*) from events_by_call) + (select count(*) from events_by_payload))::int as "webhookEvents",
             (select count(*) from import_rows)::int as "importRows",
             (select count(*) from searches)::int as searches`),
  );
  return {
    leads: Number(row?.leads ?? 0),
    calls: Number(row?.calls ?? 0),
    appointments: Number(row?.appointments ?? 0),
    emails: Number(row?.emails ?? 0),
    history: Number(row?.history ?? 0),
    webhookEvents: Number(row?.webhookEvents ?? 0),
    importRows: Number(row?.importRows ?? 0),
  };
}
