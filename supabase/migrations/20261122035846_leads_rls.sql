-- Hand-written: trigram search, row-level security, grants and triggers for campaigns, leads,
-- imports, lead history, the do-not-call list and API keys. Tenancy as everywhere:
-- `org_id in (select private.user_org_ids(min_role))`.

-- pg_trgm lives in `extensions`, as Supabase installs it; the index names its operator class
-- explicitly so nothing depends on search_path.
create schema if not exists extensions;
create extension if not exists pg_trgm with schema extensions;
grant usage on schema extensions to authenticated, service_role;
create index if not exists leads_search_text_trgm_idx on public.leads using gin (search_text extensions.gin_trgm_ops);

-- campaigns: members run campaigns; admins delete them.
create policy campaigns_select on public.campaigns
  for select to authenticated using (org_id in (select private.user_org_ids()));
create policy campaigns_insert on public.campaigns
  for insert to authenticated with check (org_id in (select private.user_org_ids()));
create policy campaigns_update on public.campaigns
  for update to authenticated
  using (org_id in (select private.user_org_ids())) with check (org_id in (select private.user_org_ids()));
create policy campaigns_delete on public.campaigns
  for delete to authenticated using (org_id in (select private.user_org_ids('admin')));

-- leads: members work leads.
create policy leads_select on public.leads
  for select to authenticated using (org_id in (select private.user_org_ids()));
create policy leads_insert on public.leads
  for insert to authenticated with check (org_id in (select private.user_org_ids()));
create policy leads_update on public.leads
  for update to authenticated
  using (org_id in (select private.user_org_ids())) with check (org_id in (select private.user_org_ids()));
create policy leads_delete on public.leads
  for delete to authenticated using (org_id in (select private.user_org_ids()));

-- lead_imports and their staged rows: members import; admins delete import records.
create policy lead_imports_select on public.lead_imports
  for select to authenticated using (org_id in (select private.user_org_ids()));
create policy lead_imports_insert on public.lead_imports
  for insert to authenticated with check (org_id in (select private.user_org_ids()));
create policy lead_imports_update on public.lead_imports
  for update to authenticated
  using (org_id in (select private.user_org_ids())) with check (org_id in (select private.user_org_ids()));
create policy lead_imports_delete on public.lead_imports
  for delete to authenticated using (org_id in (select private.user_org_ids('admin')));

create policy lead_import_rows_select on public.lead_import_rows
  for select to authenticated using (org_id in (select private.user_org_ids()));
create policy lead_import_rows_insert on public.lead_import_rows
  for insert to authenticated with check (org_id in (select private.user_org_ids()));
create policy lead_import_rows_update on public.lead_import_rows
  for update to authenticated
  using (org_id in (select private.user_org_ids())) with check (org_id in (select private.user_org_ids()));
create policy lead_import_rows_delete on public.lead_import_rows
  for delete to authenticated using (org_id in (select private.user_org_ids()));

-- lead_events: history is read, never written or edited by users (triggers write it).
create policy lead_events_select on public.lead_events
  for select to authenticated using (org_id in (select private.user_org_ids()));

-- do_not_call: any member adds a number (an opt-out must never wait for an admin); only admins
-- change or remove an entry, because removing one makes a person callable again.
create policy do_not_call_select on public.do_not_call
  for select to authenticated using (org_id in (select private.user_org_ids()));
create policy do_not_call_insert on public.do_not_call
  for insert to authenticated with check (org_id in (select private.user_org_ids()));
create policy do_not_call_update on public.do_not_call
  for update to authenticated
  using (org_id in (select private.user_org_ids('admin'))) with check (org_id in (select private.user_org_ids('admin')));
create policy do_not_call_delete on public.do_not_call
  for delete to authenticated using (org_id in (select private.user_org_ids('admin')));

-- api_keys: admins only.
create policy api_keys_select on public.api_keys
  for select to authenticated using (org_id in (select private.user_org_ids('admin')));
create policy api_keys_insert on public.api_keys
  for insert to authenticated with check (org_id in (select private.user_org_ids('admin')));
create policy api_keys_update on public.api_keys
  for update to authenticated
  using (org_id in (select private.user_org_ids('admin'))) with check (org_id in (select private.user_org_ids('admin')));
create policy api_keys_delete on public.api_keys
  for delete to authenticated using (org_id in (select private.user_org_ids('admin')));

-- Lead history: one statement-level trigger per statement, so a bulk reset of 100,000 leads
-- writes its history in one set-based insert instead of 100,000 row triggers.
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
  return null;
end;
$$;
revoke all on function private.record_lead_changes() from public;

create trigger leads_history after update on public.leads
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.record_lead_changes();

-- Adding numbers to the do-not-call list marks every matching lead in every campaign.
create or replace function private.apply_do_not_call()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.leads l
  set status = 'do_not_call', next_attempt_at = null, updated_at = now()
  from new_rows n
  where l.org_id = n.org_id and l.phone = n.phone and l.status <> 'do_not_call';
  return null;
end;
$$;
revoke all on function private.apply_do_not_call() from public;

create trigger do_not_call_apply after insert on public.do_not_call
  referencing new table as new_rows
  for each statement execute function private.apply_do_not_call();

-- Grants. anon: nothing. service_role: DML only.
revoke all on public.campaigns, public.leads, public.lead_imports, public.lead_import_rows,
  public.lead_events, public.do_not_call, public.api_keys from anon, authenticated;
grant select, insert, update, delete on public.campaigns, public.leads, public.lead_imports,
  public.lead_import_rows, public.do_not_call, public.api_keys to authenticated;
grant select on public.lead_events to authenticated;
grant select, insert, update, delete on public.campaigns, public.leads, public.lead_imports,
  public.lead_import_rows, public.lead_events, public.do_not_call, public.api_keys to service_role;
grant usage, select on all sequences in schema public to service_role;

-- Fixed-window rate limits for the public API (per API key). In `private`: never exposed, and
-- only the service role touches it through the function below.
create table if not exists private.rate_limits (
  bucket text not null,
  window_start timestamptz not null,
  hits integer not null default 0,
  primary key (bucket, window_start)
);
alter table private.rate_limits enable row level security;
revoke all on private.rate_limits from public, anon, authenticated;

-- Counts one hit in `bucket` for the current window and says whether it is within `max_hits`.
create or replace function private.hit_rate_limit(bucket text, window_seconds integer, max_hits integer)
returns table (allowed boolean, remaining integer, reset_at timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
declare
  start timestamptz := to_timestamp(floor(extract(epoch from now()) / window_seconds) * window_seconds);
  n integer;
begin
  insert into private.rate_limits as r (bucket, window_start, hits)
  values (hit_rate_limit.bucket, start, 1)
  -- Named by constraint: in plpgsql `(bucket, ...)` would be ambiguous with the parameter.
  on conflict on constraint rate_limits_pkey do update set hits = r.hits + 1
  returning r.hits into n;
  -- Old windows are dropped as we go, a few at a time, so the table stays small without a job.
  delete from private.rate_limits
  where ctid in (
    select ctid from private.rate_limits
    where window_start < now() - make_interval(secs => window_seconds * 2) limit 100
  );
  return query select n <= max_hits, greatest(max_hits - n, 0), start + make_interval(secs => window_seconds);
end;
$$;
revoke all on function private.hit_rate_limit(text, integer, integer) from public;
grant execute on function private.hit_rate_limit(text, integer, integer) to service_role;
