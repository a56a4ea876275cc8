-- Hand-written: the trash (leads.deleted_at, the migration before this one) under row-level
-- security, and the parts of search and history Drizzle can't express. docs/security.md,
-- "Deleting and erasing data", says what an operator sees.

-- leads: members still work leads and may move one to the trash (an update of deleted_at); only
-- owners and admins change a lead in the trash (restoring it is such a change) and only they
-- delete rows, which is erasing: the app erases as the service role after checking the role, and
-- this keeps a member's direct `delete` through the API from wiping the organization.
drop policy leads_update on public.leads;
create policy leads_update on public.leads
  for update to authenticated
  using (
    org_id in (select private.user_org_ids())
    and (deleted_at is null or org_id in (select private.user_org_ids('admin')))
  )
  with check (org_id in (select private.user_org_ids()));
drop policy leads_delete on public.leads;
create policy leads_delete on public.leads
  for delete to authenticated using (org_id in (select private.user_org_ids('admin')));

-- Search reaches live leads only, like every other list index (the Drizzle migration made those
-- partial): the trigram index holds live leads only.
drop index if exists public.leads_search_text_trgm_idx;
create index leads_search_text_trgm_idx on public.leads
  using gin (search_text extensions.gin_trgm_ops) where deleted_at is null;

-- The index helper of the lead table (20261122042100_leads_search.sql), for live leads only; the
-- literal `deleted_at is null` lets the planner use the partial indexes.
create or replace function private.lead_ids_matching(
  org_id uuid,
  pattern text,
  statuses public.lead_status[],
  max_rows integer
)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if lead_ids_matching.org_id not in (select private.user_org_ids()) then
    return;
  end if;
  return query execute
    'select l.id from public.leads l where l.org_id = $1 and l.deleted_at is null'
    || case when pattern is null then '' else ' and l.search_text ilike $2' end
    || case when statuses is null then '' else ' and l.status = any($3)' end
    || ' limit $4'
    using lead_ids_matching.org_id, pattern, statuses, max_rows;
end;
$$;

-- Lead history (20261122035846_leads_rls.sql) also records moving to the trash and back.
create or replace function private.record_lead_changes()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.lead_events (org_id, lead_id, type, from_status, to_status, actor_id, data)
  select n.org_id, n.id, 'status_changed', o.status, n.status, (select auth.uid()), '{}'::jsonb
  from new_rows n join old_rows o on o.id = n.id
  where n.status is distinct from o.status;

  insert into public.lead_events (org_id, lead_id, type, actor_id, data)
  select n.org_id, n.id, 'consent_changed', (select auth.uid()),
         jsonb_build_object('from', o.consent, 'to', n.consent, 'source', n.consent_source)
  from new_rows n join old_rows o on o.id = n.id
  where n.consent is distinct from o.consent;

  insert into public.lead_events (org_id, lead_id, type, actor_id, data)
  select n.org_id, n.id, 'campaign_changed', (select auth.uid()),
         jsonb_build_object('from', o.campaign_id, 'to', n.campaign_id)
  from new_rows n join old_rows o on o.id = n.id
  where n.campaign_id is distinct from o.campaign_id;

  insert into public.lead_events (org_id, lead_id, type, actor_id, data)
  select n.org_id, n.id, case when n.deleted_at is null then 'restored' else 'trashed' end,
         (select auth.uid()), '{}'::jsonb
  from new_rows n join old_rows o on o.id = n.id
  where (n.deleted_at is null) <> (o.deleted_at is null);
  return null;
end;
$$;
