-- Hand-written: parallel plans under row-level security (issue 14).
--
-- A function is parallel unsafe unless it says otherwise, and one parallel-unsafe function anywhere
-- in a statement rules out a parallel plan for all of it. Every policy calls
-- `private.user_org_ids()`, so no statement under RLS could use parallel workers: the campaign
-- page's aggregates took twice as long as the same statements without RLS. Both membership helpers
-- are parallel safe: they only read `memberships` and the request's claims (a setting, which
-- parallel workers receive from the leader), and write nothing. Their `set search_path` is allowed
-- in a worker (it is undone when the function returns). They stay `stable`.
alter function private.user_org_ids(public.member_role) stable parallel safe;
alter function private.co_member_ids() stable parallel safe;

-- On Postgres 15 that is not enough: there a subquery with no FROM clause, as the policies wrote it
-- (`org_id in (select private.user_org_ids())`), is not considered for parallel execution, so the
-- policy's hashed subplan still kept every statement serial (Postgres 17, as PGlite runs it, does
-- plan it in parallel). Called from a FROM clause the same function is an ordinary function scan,
-- parallel safe, and still run once per statement as a hashed subplan. Every policy that calls a
-- membership helper is restated that way, unchanged otherwise; the tenancy rule is now written
-- `org_id in (select m.org_id from private.user_org_ids(min_role) as m(org_id))`.
-- tests/integration/list-plans.test.ts checks the form, and that an aggregate under RLS can get a
-- parallel plan; tests/integration/rls-matrix.test.ts that every policy still means what it did.

-- From 20261122032119_tenancy_rls.sql.
alter policy organizations_select on public.organizations
  using (id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy organizations_update on public.organizations
  using (id in (select m.org_id from private.user_org_ids('admin') as m(org_id)))
  with check (id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
alter policy organizations_delete on public.organizations
  using (id in (select m.org_id from private.user_org_ids('owner') as m(org_id)));
alter policy memberships_select on public.memberships
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy memberships_insert on public.memberships
  with check (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)) and (role <> 'owner' or org_id in (select m.org_id from private.user_org_ids('owner') as m(org_id))));
alter policy memberships_update on public.memberships
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)) and (role <> 'owner' or org_id in (select m.org_id from private.user_org_ids('owner') as m(org_id))))
  with check (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)) and (role <> 'owner' or org_id in (select m.org_id from private.user_org_ids('owner') as m(org_id))));
alter policy memberships_delete on public.memberships
  using ( user_id = (select auth.uid()) or (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)) and (role <> 'owner' or org_id in (select m.org_id from private.user_org_ids('owner') as m(org_id)))) );
alter policy profiles_select on public.profiles
  using (id = (select auth.uid()) or id in (select m.user_id from private.co_member_ids() as m(user_id)));
alter policy invitations_select on public.invitations
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
alter policy invitations_insert on public.invitations
  with check (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)) and (role <> 'owner' or org_id in (select m.org_id from private.user_org_ids('owner') as m(org_id))));
alter policy invitations_update on public.invitations
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)) and (role <> 'owner' or org_id in (select m.org_id from private.user_org_ids('owner') as m(org_id))))
  with check (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)) and (role <> 'owner' or org_id in (select m.org_id from private.user_org_ids('owner') as m(org_id))));
alter policy invitations_delete on public.invitations
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)) and (role <> 'owner' or org_id in (select m.org_id from private.user_org_ids('owner') as m(org_id))));
alter policy audit_log_select on public.audit_log
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));

-- From 20261122035846_leads_rls.sql.
alter policy campaigns_select on public.campaigns
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy campaigns_insert on public.campaigns
  with check (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy campaigns_update on public.campaigns
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)))
  with check (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy campaigns_delete on public.campaigns
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
alter policy leads_select on public.leads
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy leads_insert on public.leads
  with check (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy lead_imports_select on public.lead_imports
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy lead_imports_insert on public.lead_imports
  with check (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy lead_imports_update on public.lead_imports
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)))
  with check (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy lead_imports_delete on public.lead_imports
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
alter policy lead_import_rows_select on public.lead_import_rows
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy lead_import_rows_insert on public.lead_import_rows
  with check (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy lead_import_rows_update on public.lead_import_rows
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)))
  with check (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy lead_import_rows_delete on public.lead_import_rows
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy lead_events_select on public.lead_events
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy do_not_call_select on public.do_not_call
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy do_not_call_insert on public.do_not_call
  with check (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy do_not_call_update on public.do_not_call
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)))
  with check (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
alter policy do_not_call_delete on public.do_not_call
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
alter policy api_keys_select on public.api_keys
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
alter policy api_keys_insert on public.api_keys
  with check (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
alter policy api_keys_update on public.api_keys
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)))
  with check (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
alter policy api_keys_delete on public.api_keys
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));

-- From 20261203104319_dialer_rls.sql.
alter policy calls_select on public.calls
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy webhook_events_select on public.webhook_events
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));

-- From 20261203124306_providers_rls.sql.
alter policy provider_credentials_select on public.provider_credentials
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy provider_credentials_insert on public.provider_credentials
  with check (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
alter policy provider_credentials_update on public.provider_credentials
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)))
  with check (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
alter policy provider_credentials_delete on public.provider_credentials
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
alter policy appointments_select on public.appointments
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));

-- From 20261203131709_email_rls.sql.
alter policy emails_select on public.emails
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy email_templates_select on public.email_templates
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy email_templates_insert on public.email_templates
  with check (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
alter policy email_templates_update on public.email_templates
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)))
  with check (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
alter policy email_templates_delete on public.email_templates
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
alter policy email_suppressions_select on public.email_suppressions
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy email_suppressions_insert on public.email_suppressions
  with check (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy email_suppressions_delete on public.email_suppressions
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));

-- From 20261208120001_trash_rls.sql.
alter policy leads_update on public.leads
  using ( org_id in (select m.org_id from private.user_org_ids() as m(org_id)) and (deleted_at is null or org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id))) )
  with check (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
alter policy leads_delete on public.leads
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
