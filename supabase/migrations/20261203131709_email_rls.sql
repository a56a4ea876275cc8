-- Hand-written: row-level security and grants for email.
--
-- emails: members read their organization's (the outbox page); rows are written by trusted
-- server work (the outcome service, the send job, Resend's webhooks) through the service role.
create policy emails_select on public.emails
  for select to authenticated using (org_id in (select private.user_org_ids()));

revoke all on public.emails from anon, authenticated;
grant select on public.emails to authenticated;
grant select, insert, update, delete on public.emails to service_role;

-- email_templates: members read the wording; admins change it.
create policy email_templates_select on public.email_templates
  for select to authenticated using (org_id in (select private.user_org_ids()));
create policy email_templates_insert on public.email_templates
  for insert to authenticated with check (org_id in (select private.user_org_ids('admin')));
create policy email_templates_update on public.email_templates
  for update to authenticated
  using (org_id in (select private.user_org_ids('admin')))
  with check (org_id in (select private.user_org_ids('admin')));
create policy email_templates_delete on public.email_templates
  for delete to authenticated using (org_id in (select private.user_org_ids('admin')));

revoke all on public.email_templates from anon, authenticated;
grant select, insert, update, delete on public.email_templates to authenticated;
grant select, insert, update, delete on public.email_templates to service_role;

-- email_suppressions: like the do-not-call list, anyone in the organization may add an address;
-- only admins remove one. The unsubscribe link (no sign-in) adds through the service role.
create policy email_suppressions_select on public.email_suppressions
  for select to authenticated using (org_id in (select private.user_org_ids()));
create policy email_suppressions_insert on public.email_suppressions
  for insert to authenticated with check (org_id in (select private.user_org_ids()));
create policy email_suppressions_delete on public.email_suppressions
  for delete to authenticated using (org_id in (select private.user_org_ids('admin')));

revoke all on public.email_suppressions from anon, authenticated;
grant select, insert, delete on public.email_suppressions to authenticated;
grant select, insert, update, delete on public.email_suppressions to service_role;
