-- Hand-written: row-level security and grants for provider credentials and appointments.
--
-- provider_credentials: an organization's own Retell, Vapi and Cal.com keys, sealed with
-- AES-256-GCM on the server. Members see which providers are connected (hint, config) but no
-- one reads a ciphertext through the API: `authenticated` holds column grants that leave the two
-- ciphertext columns out, so `select *` or `returning api_key_ciphertext` is refused even to the
-- owner. Admins write keys (sealed by the server action); the server decrypts them as the
-- service role when it calls the provider.
create policy provider_credentials_select on public.provider_credentials
  for select to authenticated using (org_id in (select private.user_org_ids()));
create policy provider_credentials_insert on public.provider_credentials
  for insert to authenticated with check (org_id in (select private.user_org_ids('admin')));
create policy provider_credentials_update on public.provider_credentials
  for update to authenticated
  using (org_id in (select private.user_org_ids('admin')))
  with check (org_id in (select private.user_org_ids('admin')));
create policy provider_credentials_delete on public.provider_credentials
  for delete to authenticated using (org_id in (select private.user_org_ids('admin')));

revoke all on public.provider_credentials from anon, authenticated;
grant select (id, org_id, provider, api_key_hint, config, updated_by, created_at, updated_at)
  on public.provider_credentials to authenticated;
grant insert (id, org_id, provider, api_key_ciphertext, api_key_hint, webhook_secret_ciphertext, config, updated_by)
  on public.provider_credentials to authenticated;
grant update (api_key_ciphertext, api_key_hint, webhook_secret_ciphertext, config, updated_by, updated_at)
  on public.provider_credentials to authenticated;
grant delete on public.provider_credentials to authenticated;
grant select, insert, update, delete on public.provider_credentials to service_role;

-- appointments: members read their organization's; bookings are written by trusted server work
-- (in-call tools, Cal.com webhooks) through the service role.
create policy appointments_select on public.appointments
  for select to authenticated using (org_id in (select private.user_org_ids()));

revoke all on public.appointments from anon, authenticated;
grant select on public.appointments to authenticated;
grant select, insert, update, delete on public.appointments to service_role;
